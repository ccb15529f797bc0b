package io.backupgateway.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A backup job the gateway started whose end is not recorded yet.
 *
 * @param auditId the request's entry
 * @param occurredAt when the request arrived
 * @param instanceId the instance
 * @param projectId the project the job runs in
 * @param jobId the job id
 * @param action the request that started it: {@code backup.create} or
 * {@code backup.delete}
 */
public record OpenJob(UUID auditId, Instant occurredAt, @Nullable String instanceId, String projectId, String jobId,
		String action) {

	/** Whether the cloud runs it as a backup ({@code BackupInstance}). */
	public boolean isBackup() {
		return AuditLog.ACTION_BACKUP_CREATE.equals(this.action);
	}

}
