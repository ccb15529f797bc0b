package io.backupgateway.access;

import io.backupgateway.config.InstanceId;
import io.backupgateway.config.TeamName;
import io.backupgateway.ownership.Grant;
import io.backupgateway.ownership.OwnedInstance;

/**
 * An instance the caller may back up, with what the rest of the flow needs to know about
 * it.
 *
 * @param team the team that owns the instance
 * @param instance the instance
 * @param project the name of the project it lives in (a key of
 * {@code gateway.cloud.projects})
 * @param projectId that project's id
 * @param grant which source granted it to the team (docs/design.md 4.1)
 */
public record BackupTarget(TeamName team, InstanceId instance, String project, String projectId, Grant grant) {

	static BackupTarget of(OwnedInstance owned) {
		return new BackupTarget(new TeamName(owned.team()), new InstanceId(owned.instanceId()), owned.project(),
				owned.projectId(), owned.grant());
	}

}
