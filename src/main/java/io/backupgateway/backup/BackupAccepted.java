package io.backupgateway.backup;

/**
 * The 202 body of DESIGN 3.1.
 *
 * @param jobId the cloud's job id
 * @param backupId the cloud's backup id
 * @param auditId the audit entry of this request
 * @param team the team
 * @param instanceId the instance
 * @param name the backup name
 */
record BackupAccepted(String jobId, String backupId, String auditId, String team, String instanceId, String name) {
}
