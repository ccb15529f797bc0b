package io.backupgateway.audit;

import java.util.UUID;

import io.backupgateway.web.RequestMeta;
import org.jspecify.annotations.Nullable;

/**
 * A durably recorded, still pending attempt; its outcome is written by one of the
 * {@code complete...} methods of {@link AuditLog}.
 *
 * @param auditId the entry's id
 * @param meta the request it belongs to
 * @param action {@code backup.create} or {@code backup.delete}
 * @param team the team, for the request's access line
 * @param instanceId the instance, for the request's access line
 */
public record AuditAttempt(UUID auditId, RequestMeta meta, String action, @Nullable String team,
		@Nullable String instanceId) {

	/** A {@code backup.create} attempt. */
	public AuditAttempt(UUID auditId, RequestMeta meta) {
		this(auditId, meta, AuditLog.ACTION_BACKUP_CREATE, null, null);
	}

}
