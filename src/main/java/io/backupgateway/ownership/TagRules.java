package io.backupgateway.ownership;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backupgateway.cloud.TaggedInstance;
import io.backupgateway.config.InstanceId;

/**
 * The rules of docs/design.md 4.1 applied to what the cloud listed for one project, fail
 * closed: only a GeminiDB Cassandra instance, not in the configuration, whose tag names a
 * configured team, is granted to that team.
 */
final class TagRules {

	private final Map<String, OwnedInstance> configured;

	private final Set<String> teams;

	/**
	 * @param configured the configured instances, by id
	 * @param teams the configured teams' names
	 */
	TagRules(Map<String, OwnedInstance> configured, Set<String> teams) {
		this.configured = Map.copyOf(configured);
		this.teams = Set.copyOf(teams);
	}

	TagAnswer apply(String project, String projectId, List<TaggedInstance> tagged, Set<String> cassandra,
			Instant readAt) {
		Map<String, OwnedInstance> granted = new HashMap<>();
		List<IgnoredTag> ignored = new ArrayList<>();
		for (TaggedInstance instance : tagged) {
			String id = instance.instanceId();
			String team = instance.tagValue();
			OwnedInstance configuredOwner = this.configured.get(id);
			if (configuredOwner != null) {
				if (!configuredOwner.team().equals(team)) {
					ignored.add(new IgnoredTag(id, team, IgnoredTag.Reason.CONFLICT));
				}
				continue;
			}
			if (!InstanceId.isValid(id)) {
				ignored.add(new IgnoredTag(id, team, IgnoredTag.Reason.INVALID_INSTANCE_ID));
			}
			else if (!this.teams.contains(team)) {
				ignored.add(new IgnoredTag(id, team, IgnoredTag.Reason.UNKNOWN_TEAM));
			}
			else if (!cassandra.contains(id)) {
				ignored.add(new IgnoredTag(id, team, IgnoredTag.Reason.NOT_CASSANDRA));
			}
			else {
				granted.put(id, new OwnedInstance(id, team, project, projectId, Grant.TAG));
			}
		}
		return new TagAnswer(granted, ignored, readAt);
	}

}
