package io.backupgateway.ownership;

/**
 * An instance and the team it belongs to, with where that was found.
 *
 * @param instanceId the instance's id
 * @param team the team that owns it
 * @param project the name of the project it lives in (a key of
 * {@code gateway.cloud.projects})
 * @param projectId that project's id
 * @param grant which source granted it
 */
public record OwnedInstance(String instanceId, String team, String project, String projectId, Grant grant) {
}
