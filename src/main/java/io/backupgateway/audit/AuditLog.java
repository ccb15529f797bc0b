package io.backupgateway.audit;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.backupgateway.access.Caller;
import io.backupgateway.web.GatewayException;
import io.backupgateway.web.ProblemCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * The audit trail's write API (invariants 1 and 2). An attempt that may reach the cloud
 * is recorded as {@code pending} before the upstream call and completed after it; a
 * request refused by the gateway itself is recorded in one write.
 */
@Component
public class AuditLog {

	static final String ACTION_BACKUP_CREATE = "backup.create";

	static final String ACTION_BACKUP_JOB = "backup.job";

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private final AuditRepository repository;

	private final Clock clock;

	private final MeterRegistry meters;

	AuditLog(AuditRepository repository, Clock clock, MeterRegistry meters) {
		this.repository = repository;
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Durably records an attempt that is about to go upstream.
	 * @param draft what is known about the request
	 * @return the pending attempt
	 * @throws AuditUnavailable when the store cannot be written; then nothing may be sent
	 * upstream
	 */
	public AuditAttempt recordAttempt(AuditDraft draft) {
		UUID auditId = UUID.randomUUID();
		try {
			this.repository.insert(row(auditId, draft, Outcome.PENDING, null, null, null));
		}
		catch (DataAccessException ex) {
			log.error("Audit store unavailable: attempt not recorded, request refused ({})",
					ex.getClass().getSimpleName());
			count(Outcome.FAILED, ProblemCode.AUDIT_UNAVAILABLE.slug());
			throw new AuditUnavailable(ex);
		}
		return new AuditAttempt(auditId, draft.meta());
	}

	/**
	 * Completes an attempt the cloud accepted.
	 * @param attempt the pending attempt
	 * @param httpStatus the status the gateway answers
	 * @param upstreamStatus the cloud's status
	 * @param jobId the cloud's job id
	 * @param backupId the cloud's backup id
	 * @return the entry's id
	 */
	public UUID completeAccepted(AuditAttempt attempt, int httpStatus, int upstreamStatus, String jobId,
			String backupId) {
		complete(attempt, new AuditOutcome(Outcome.ACCEPTED, httpStatus, null, upstreamStatus, null, jobId, backupId,
				JobStatus.RUNNING, attempt.meta().elapsedMillis()));
		return attempt.auditId();
	}

	/**
	 * Completes an attempt that failed upstream (IAM, the cloud, or a bug).
	 * @param attempt the pending attempt
	 * @param failure what the caller is told
	 */
	public void completeFailed(AuditAttempt attempt, GatewayException failure) {
		complete(attempt,
				new AuditOutcome(Outcome.FAILED, failure.getStatusCode().value(), failure.code().slug(),
						integerProperty(failure, "upstream_status"), stringProperty(failure, "upstream_error_code"),
						null, null, null, attempt.meta().elapsedMillis()));
	}

	/**
	 * Records a request the gateway refused before anything went upstream: {@code denied}
	 * for authorization, {@code rejected} for other 4xx, {@code failed} for 5xx.
	 * <p>
	 * A refusal that cannot be recorded is logged at ERROR; the caller still gets the
	 * refusal, since a storage failure must not turn a caller's mistake into a 5xx.
	 * @param draft what is known about the request
	 * @param refusal what the caller is told
	 */
	public void recordRefusal(AuditDraft draft, GatewayException refusal) {
		Outcome outcome = outcomeOf(refusal);
		try {
			this.repository.insert(row(UUID.randomUUID(), draft, outcome, refusal.getStatusCode().value(),
					refusal.code().slug(), draft.meta().elapsedMillis()));
			count(outcome, refusal.code().slug());
		}
		catch (DataAccessException ex) {
			log.error("Audit store unavailable: {} refusal ({}) not recorded ({})", outcome.value(),
					refusal.code().slug(), ex.getClass().getSimpleName());
		}
	}

	/**
	 * Jobs started at least {@code startedBefore} whose end is not recorded, oldest
	 * first.
	 * @param startedBefore only requests older than this
	 * @param limit how many at most
	 * @return the open jobs
	 */
	public List<OpenJob> openJobs(Instant startedBefore, int limit) {
		return this.repository.openJobs(startedBefore.atOffset(ZoneOffset.UTC), limit);
	}

	/**
	 * Records a job's end as a {@code backup.job} entry linked to its request by job id
	 * (DESIGN section 6): outcome {@code completed}, {@code failed} or {@code unknown}.
	 * @param job the job
	 * @param outcome how it ended
	 */
	public void recordJobEnd(OpenJob job, Outcome outcome) {
		String jobStatus = switch (outcome) {
			case COMPLETED -> JobStatus.COMPLETED;
			case FAILED -> JobStatus.FAILED;
			default -> JobStatus.UNKNOWN;
		};
		this.repository.insert(new AuditRow(UUID.randomUUID(), now(), ACTION_BACKUP_JOB, job.actor(), job.actorName(),
				job.team(), job.instanceId(), job.projectId(), job.backupName(), null, outcome, null, null, null, null,
				job.jobId(), job.backupId(), jobStatus, job.requestId(), null, null, null, null));
		count(ACTION_BACKUP_JOB, outcome, null);
	}

	/**
	 * A job this gateway started for a team.
	 * @param team the team
	 * @param jobId the job id
	 * @return the job as the trail records it, or empty when the gateway did not start it
	 * for that team
	 */
	public Optional<StartedJob> startedJob(String team, String jobId) {
		return this.repository.startedJob(team, jobId);
	}

	/**
	 * Pending entries recorded before a time, oldest first.
	 * @param before only entries older than this
	 * @param limit how many at most
	 * @return the pending attempts
	 */
	public List<PendingAttempt> pendingBefore(Instant before, int limit) {
		return this.repository.pendingBefore(before.atOffset(ZoneOffset.UTC), limit);
	}

	/**
	 * Resolves a pending entry whose backup the cloud lists: {@code accepted}, with no
	 * {@code http_status} since no caller received an answer.
	 * @param attempt the pending entry
	 * @param backupId the backup found
	 * @param jobStatus the job status the backup's state implies
	 */
	public void resolveAccepted(PendingAttempt attempt, String backupId, String jobStatus) {
		this.repository.complete(attempt.auditId(),
				new AuditOutcome(Outcome.ACCEPTED, null, null, null, null, null, backupId, jobStatus, null));
		count(ACTION_BACKUP_CREATE, Outcome.ACCEPTED, null);
	}

	/**
	 * Resolves a pending entry whose backup could not be found in time: {@code unknown}.
	 * @param attempt the pending entry
	 */
	public void resolveUnknown(PendingAttempt attempt) {
		this.repository.complete(attempt.auditId(),
				new AuditOutcome(Outcome.UNKNOWN, null, null, null, null, null, null, null, null));
		count(ACTION_BACKUP_CREATE, Outcome.UNKNOWN, null);
	}

	private OffsetDateTime now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
	}

	static Outcome outcomeOf(GatewayException refusal) {
		if (refusal.code() == ProblemCode.FORBIDDEN) {
			return Outcome.DENIED;
		}
		return refusal.getStatusCode().is4xxClientError() ? Outcome.REJECTED : Outcome.FAILED;
	}

	private void complete(AuditAttempt attempt, AuditOutcome outcome) {
		try {
			if (!this.repository.complete(attempt.auditId(), outcome)) {
				log.error("Audit entry {} was no longer pending; outcome {} not written", attempt.auditId(),
						outcome.outcome().value());
			}
			count(outcome.outcome(), outcome.code());
		}
		catch (DataAccessException ex) {
			// the cloud has already answered: the entry stays pending and is resolved
			// later
			log.error("Audit store unavailable: entry {} stays pending, outcome {} not written ({})", attempt.auditId(),
					outcome.outcome().value(), ex.getClass().getSimpleName());
		}
	}

	private AuditRow row(UUID auditId, AuditDraft draft, Outcome outcome, @Nullable Integer httpStatus,
			@Nullable String code, @Nullable Long durationMs) {
		Caller caller = draft.caller();
		var meta = draft.meta();
		return new AuditRow(auditId, now(), ACTION_BACKUP_CREATE, AuditText.clip(caller.subject(), 256),
				AuditText.clip(caller.name(), 256), AuditText.clip(draft.team(), 256),
				AuditText.clip(draft.instanceId(), 256), draft.projectId(), AuditText.clip(draft.backupName(), 256),
				AuditText.clip(draft.description(), 1024), outcome, httpStatus, code, null, null, null, null, null,
				meta.requestId(), AuditText.clip(draft.idempotencyKey(), 128), AuditText.clip(meta.clientIp(), 64),
				AuditText.clip(meta.userAgent(), 512), durationMs);
	}

	private void count(Outcome outcome, @Nullable String code) {
		count(ACTION_BACKUP_CREATE, outcome, code);
	}

	private void count(String action, Outcome outcome, @Nullable String code) {
		Counter.builder(ACTION_BACKUP_JOB.equals(action) ? "gateway.backup.jobs" : "gateway.backups")
			.description("audit entries by outcome and problem code")
			.tag("outcome", outcome.value())
			.tag("code", (code != null) ? code : "none")
			.register(this.meters)
			.increment();
	}

	private static @Nullable Integer integerProperty(GatewayException ex, String name) {
		Map<String, Object> properties = ex.getBody().getProperties();
		return (properties != null && properties.get(name) instanceof Integer value) ? value : null;
	}

	private static @Nullable String stringProperty(GatewayException ex, String name) {
		Map<String, Object> properties = ex.getBody().getProperties();
		return (properties != null && properties.get(name) instanceof String value) ? AuditText.clip(value, 128) : null;
	}

}
