package io.backupgateway.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A {@code pending} entry: an attempt whose outcome was never written (the replica
 * stopped between the upstream call and the outcome).
 *
 * @param auditId the entry
 * @param occurredAt when the attempt was recorded
 * @param instanceId the instance
 * @param projectId the project
 * @param backupName the backup name that was asked for
 * @param answered whether a caller received an answer (an ambiguous one), or nobody did
 * (the replica stopped)
 * @param action {@code backup.create} or {@code backup.delete}
 * @param backupId the backup a delete was for
 */
public record PendingAttempt(UUID auditId, Instant occurredAt, @Nullable String instanceId, @Nullable String projectId,
		@Nullable String backupName, boolean answered, String action, @Nullable String backupId) {

	public boolean isDelete() {
		return "backup.delete".equals(this.action);
	}

}
