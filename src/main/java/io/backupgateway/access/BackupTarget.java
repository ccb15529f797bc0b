package io.backupgateway.access;

import io.backupgateway.config.TeamName;
import io.backupgateway.config.InstanceId;

/**
 * An instance the caller may back up, with what the rest of the flow needs to know about
 * it.
 *
 * @param team the team that owns the instance
 * @param instance the instance
 * @param project the name of the project it lives in (a key of
 * {@code gateway.cloud.projects})
 * @param projectId that project's id
 */
public record BackupTarget(TeamName team, InstanceId instance, String project, String projectId) {
}
