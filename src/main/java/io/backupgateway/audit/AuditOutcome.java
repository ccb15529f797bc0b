package io.backupgateway.audit;

import org.jspecify.annotations.Nullable;

/**
 * The final state written over a pending entry.
 */
record AuditOutcome(Outcome outcome, @Nullable Integer httpStatus, @Nullable String code,
		@Nullable Integer upstreamStatus, @Nullable String upstreamErrorCode, @Nullable String jobId,
		@Nullable String backupId, @Nullable String jobStatus, @Nullable Long durationMs) {
}
