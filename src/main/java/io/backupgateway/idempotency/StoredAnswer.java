package io.backupgateway.idempotency;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The answer a request with an {@code Idempotency-Key} got, as it was sent, for replays.
 *
 * @param httpStatus its status
 * @param code its problem code, when it was a problem
 * @param contentType its content type
 * @param body its body, exactly as sent
 * @param auditId the original request's audit entry
 * @param jobId the job it started, if any
 * @param backupId the backup it started, if any
 */
public record StoredAnswer(int httpStatus, @Nullable String code, String contentType, String body,
		@Nullable UUID auditId, @Nullable String jobId, @Nullable String backupId) {
}
