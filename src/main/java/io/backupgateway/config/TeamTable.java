package io.backupgateway.config;

import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The configured teams, {@code gateway.teams}, as a view of its own: what a module needs
 * of the teams without the rest of the {@code gateway.*} tree.
 *
 * @param teams the teams by name
 */
public record TeamTable(Map<String, TeamSettings> teams) {

	public TeamTable {
		teams = Map.copyOf(teams);
	}

	/**
	 * A team's settings.
	 * @param team the team's name
	 * @return its settings, or {@code null} for a team not configured
	 */
	public @Nullable TeamSettings get(String team) {
		return this.teams.get(team);
	}

	/** The configured teams' names. */
	public Set<String> names() {
		return this.teams.keySet();
	}

}
