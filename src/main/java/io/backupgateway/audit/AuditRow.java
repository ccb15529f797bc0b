package io.backupgateway.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One row of {@code audit_entry}, as written.
 */
record AuditRow(UUID auditId, OffsetDateTime occurredAt, String action, @Nullable String actor,
		@Nullable String actorName, @Nullable String team, @Nullable String instanceId, @Nullable String projectId,
		@Nullable String backupName, @Nullable String description, Outcome outcome, @Nullable Integer httpStatus,
		@Nullable String code, @Nullable Integer upstreamStatus, @Nullable String upstreamErrorCode,
		@Nullable String jobId, @Nullable String backupId, @Nullable String jobStatus, String requestId,
		@Nullable String idempotencyKey, @Nullable String clientIp, @Nullable String userAgent,
		@Nullable Long durationMs) {

	/** Timestamps of the trail: UTC, to the microsecond, as both stores keep them. */
	static OffsetDateTime timestamp(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
	}

}
