package io.backupgateway.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.backupgateway.config.InstanceId;
import io.backupgateway.config.TeamName;
import io.backupgateway.config.TeamSettings;
import io.backupgateway.config.TeamTable;
import io.backupgateway.ownership.Ownership;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The teams: which instances each owns (asked of {@link Ownership}: the configuration,
 * then the cloud's tags, docs/design.md 4.1) and each team's naming policy, built once
 * from configuration, which has already been checked for consistency.
 */
@Component
public class TeamDirectory {

	private final Map<String, NamingPolicy> naming = new HashMap<>();

	private final Ownership ownership;

	TeamDirectory(TeamTable teams, Ownership ownership) {
		this.ownership = ownership;
		teams.teams().forEach((name, team) -> this.naming.put(name, namingOf(name, team)));
	}

	/**
	 * The instance, when it is the team's.
	 * @throws io.backupgateway.ownership.OwnershipUnavailable when only the cloud's tags
	 * could grant it and they are too old to tell
	 */
	Optional<BackupTarget> target(TeamName team, InstanceId instance) {
		return this.ownership.owner(team.value(), instance.value()).map(BackupTarget::of);
	}

	List<BackupTarget> targets(TeamName team) {
		return this.ownership.instancesOf(team.value()).stream().map(BackupTarget::of).toList();
	}

	List<Instance> instancesOf(TeamName team) {
		return this.ownership.instancesOf(team.value())
			.stream()
			.map((owned) -> new Instance(owned.instanceId(), owned.project(), owned.projectId(), owned.grant().value()))
			.toList();
	}

	/**
	 * An instance a team owns.
	 *
	 * @param instanceId the instance id
	 * @param project the project's name
	 * @param projectId the project's id
	 * @param source which source granted it: {@code configuration} or {@code tag}
	 */
	record Instance(String instanceId, String project, String projectId, @Schema(allowableValues = {
			"configuration", "tag" }) String source){
	}

	NamingPolicy namingPolicy(TeamName team) {
		NamingPolicy policy = this.naming.get(team.value());
		return (policy != null) ? policy : NamingPolicy.defaultFor(team.value());
	}

	private static NamingPolicy namingOf(String name, TeamSettings team) {
		String prefix = (team.backupNamePrefix() != null) ? team.backupNamePrefix() : name + "-";
		@Nullable Pattern pattern = (team.backupNamePattern() != null) ? Pattern.compile(team.backupNamePattern()) : null;
		return new NamingPolicy(prefix, pattern);
	}

}
