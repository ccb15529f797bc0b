package io.backupgateway.access;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.backupgateway.config.CloudSettings;
import io.backupgateway.config.InstanceId;
import io.backupgateway.config.TeamName;
import io.backupgateway.config.TeamSettings;
import io.backupgateway.config.TeamTable;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The configured teams: which instances each owns, in which project, and the team's
 * naming policy. Built once from configuration, which has already been checked for
 * consistency.
 */
@Component
public class TeamDirectory {

	private final Map<String, TeamEntry> teams = new HashMap<>();

	private final Map<String, CloudSettings.Project> projects;

	TeamDirectory(TeamTable teams, CloudSettings cloud) {
		this.projects = cloud.projects();
		teams.teams().forEach((name, team) -> this.teams.put(name, TeamEntry.of(name, team)));
	}

	Optional<BackupTarget> target(TeamName team, InstanceId instance) {
		TeamEntry entry = this.teams.get(team.value());
		if (entry == null) {
			return Optional.empty();
		}
		String project = entry.instances().get(instance.value());
		if (project == null) {
			return Optional.empty();
		}
		return Optional.of(new BackupTarget(team, instance, project, this.projects.get(project).id()));
	}

	List<BackupTarget> targets(TeamName team) {
		return instancesOf(team).stream()
			.map((instance) -> new BackupTarget(team, new InstanceId(instance.instanceId()), instance.project(),
					instance.projectId()))
			.toList();
	}

	List<Instance> instancesOf(TeamName team) {
		TeamEntry entry = this.teams.get(team.value());
		if (entry == null) {
			return List.of();
		}
		return entry.instances()
			.entrySet()
			.stream()
			.map((instance) -> new Instance(instance.getKey(), instance.getValue(),
					this.projects.get(instance.getValue()).id()))
			.sorted(java.util.Comparator.comparing(Instance::instanceId))
			.toList();
	}

	/**
	 * An instance registered to a team.
	 *
	 * @param instanceId the instance id
	 * @param project the project's name
	 * @param projectId the project's id
	 */
	record Instance(String instanceId, String project, String projectId) {
	}

	NamingPolicy namingPolicy(TeamName team) {
		TeamEntry entry = this.teams.get(team.value());
		return (entry != null) ? entry.naming() : NamingPolicy.defaultFor(team.value());
	}

	private record TeamEntry(Map<String, String> instances, NamingPolicy naming) {

		static TeamEntry of(String name, TeamSettings team) {
			Map<String, String> instances = new HashMap<>();
			team.instances().forEach((ref) -> instances.put(ref.id(), ref.project()));
			String prefix = (team.backupNamePrefix() != null) ? team.backupNamePrefix() : name + "-";
			@Nullable Pattern pattern = (team.backupNamePattern() != null) ? Pattern.compile(team.backupNamePattern()) : null;
			return new TeamEntry(Map.copyOf(instances), new NamingPolicy(prefix, pattern));
		}

	}

}
