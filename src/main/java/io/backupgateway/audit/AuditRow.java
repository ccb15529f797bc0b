package io.backupgateway.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

import io.backupgateway.audit.entry.AuditEntry;

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
		@Nullable Long durationMs, @Nullable String grant) {

	/**
	 * The row as it is read back, for its canonical bytes (docs/audit.md).
	 * @return the entry
	 */
	AuditEntry asEntry() {
		return new AuditEntry(this.auditId.toString(), AuditEntry.format(this.occurredAt), this.action, this.actor,
				this.actorName, this.team, this.instanceId, this.projectId, this.backupName, this.description,
				this.outcome.value(), this.httpStatus, this.code, this.upstreamStatus, this.upstreamErrorCode,
				this.jobId, this.backupId, this.jobStatus, this.requestId, this.idempotencyKey, this.clientIp,
				this.userAgent, this.durationMs, this.grant, 0, this.occurredAt, null, null, null, null, null);
	}

	/**
	 * A stored entry as a row, to write what follows from it.
	 * @param entry the entry as stored
	 * @return the row
	 */
	static AuditRow of(AuditEntry entry) {
		return new AuditRow(UUID.fromString(entry.auditId()), entry.occurredAtValue(), entry.action(), entry.actor(),
				entry.actorName(), entry.team(), entry.instanceId(), entry.projectId(), entry.backupName(),
				entry.description(), Outcome.valueOf(entry.outcome().toUpperCase(Locale.ROOT)), entry.httpStatus(),
				entry.code(), entry.upstreamStatus(), entry.upstreamErrorCode(), entry.jobId(), entry.backupId(),
				entry.jobStatus(), entry.requestId(), entry.idempotencyKey(), entry.clientIp(), entry.userAgent(),
				entry.durationMs(), entry.grant());
	}

	/**
	 * This pending row with its outcome written over it, as the completing update does.
	 */
	AuditRow completed(AuditOutcome done) {
		return new AuditRow(this.auditId, this.occurredAt, this.action, this.actor, this.actorName, this.team,
				this.instanceId, this.projectId, this.backupName, this.description, done.outcome(), done.httpStatus(),
				done.code(), done.upstreamStatus(), done.upstreamErrorCode(), done.jobId(),
				(done.backupId() != null) ? done.backupId() : this.backupId, done.jobStatus(), this.requestId,
				this.idempotencyKey, this.clientIp, this.userAgent, done.durationMs(), this.grant);
	}

	/** This pending row settled from the cloud's list, its recorded answer kept. */
	AuditRow resolved(Outcome settled, @Nullable String foundBackupId, @Nullable String settledJobStatus) {
		return new AuditRow(this.auditId, this.occurredAt, this.action, this.actor, this.actorName, this.team,
				this.instanceId, this.projectId, this.backupName, this.description, settled, this.httpStatus, this.code,
				this.upstreamStatus, this.upstreamErrorCode, this.jobId,
				(foundBackupId != null) ? foundBackupId : this.backupId, settledJobStatus, this.requestId,
				this.idempotencyKey, this.clientIp, this.userAgent, this.durationMs, this.grant);
	}

	/** The {@code backup.job} entry of this request's job. */
	AuditRow jobEnd(UUID jobEntryId, OffsetDateTime at, Outcome ended, String endedJobStatus) {
		return new AuditRow(jobEntryId, at, AuditLog.ACTION_BACKUP_JOB, this.actor, this.actorName, this.team,
				this.instanceId, this.projectId, this.backupName, null, ended, null, null, null, null, this.jobId,
				this.backupId, endedJobStatus, this.requestId, null, null, null, null, this.grant);
	}

	/** Timestamps of the trail: UTC, to the microsecond, as both stores keep them. */
	static OffsetDateTime timestamp(Clock clock) {
		return clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
	}

}
