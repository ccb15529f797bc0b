package io.backupgateway.cloud;

/**
 * The cloud's answer to a successful create-backup call.
 *
 * @param upstreamStatus the cloud's 2xx status
 * @param jobId the backup job's id
 * @param backupId the new backup's id
 */
public record BackupCreated(int upstreamStatus, String jobId, String backupId) {
}
