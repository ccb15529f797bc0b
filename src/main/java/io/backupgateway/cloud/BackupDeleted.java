package io.backupgateway.cloud;

/**
 * The cloud's answer to a delete: the job that removes the backup.
 *
 * @param upstreamStatus the cloud's HTTP status (202)
 * @param jobId the delete job's id
 */
public record BackupDeleted(int upstreamStatus, String jobId) {
}
