package io.backupgateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.config.AuditSettings;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.Unexpected;
import io.backupgateway.failure.ProblemCode;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * The audit trail's write API for requests (invariants 1 and 2, docs/design.md section
 * 2). An attempt that may reach the cloud is recorded as {@code pending} before the
 * upstream call and completed after it; a request refused by the gateway itself, or
 * replayed, is recorded in one write. What the background work learns later is written
 * through {@link AuditFollowUp}.
 */
@Component
public class AuditLog {

	public static final String ACTION_BACKUP_CREATE = "backup.create";

	public static final String ACTION_BACKUP_JOB = "backup.job";

	public static final String ACTION_BACKUP_DELETE = "backup.delete";

	private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

	private final AuditRepository repository;

	private final Clock clock;

	private final AuditMeters meters;

	private final RequestEnds ends;

	private final Duration writeTimeout;

	AuditLog(AuditRepository repository, Clock clock, MeterRegistry meters, AuditSettings settings) {
		this.repository = repository;
		this.clock = clock;
		this.meters = new AuditMeters(meters);
		this.ends = new RequestEnds(meters);
		this.writeTimeout = settings.writeTimeout();
	}

	/**
	 * Durably records an attempt that is about to go upstream.
	 * @param draft what is known about the request
	 * @return the pending attempt
	 * @throws AuditUnavailable when the store cannot be written; then nothing may be sent
	 * upstream
	 */
	public AuditAttempt recordAttempt(AuditDraft draft) {
		AuditRow row = draft.toRow(UUID.randomUUID(), now(), Outcome.PENDING, null, null, null, null, null);
		try {
			this.repository.insert(row);
		}
		catch (DataAccessException ex) {
			log.error("Audit store unavailable: attempt not recorded, request refused ({})",
					ex.getClass().getSimpleName());
			this.meters.count(draft.action(), Outcome.FAILED, ProblemCode.AUDIT_UNAVAILABLE.slug());
			throw new AuditUnavailable(ex);
		}
		return draft.attempt(row);
	}

	/**
	 * Records attempts admitted together, in one round trip, within the caller's
	 * transaction: they are durable when it commits.
	 * @param drafts what is known about each request
	 * @return the pending attempts, in the order of the drafts
	 */
	public List<AuditAttempt> recordAttempts(List<AuditDraft> drafts) {
		OffsetDateTime now = now();
		List<AuditRow> rows = new ArrayList<>(drafts.size());
		List<AuditAttempt> attempts = new ArrayList<>(drafts.size());
		for (AuditDraft draft : drafts) {
			AuditRow row = draft.toRow(UUID.randomUUID(), now, Outcome.PENDING, null, null, null, null, null);
			rows.add(row);
			attempts.add(draft.attempt(row));
		}
		this.repository.insertAll(rows);
		return attempts;
	}

	/**
	 * Runs work on the audit store, such as admitting attempts in a transaction of its
	 * own: a store that cannot be used fails it closed with {@link AuditUnavailable}.
	 * @param <T> what the work returns
	 * @param requests how many requests the work admits, for the meters
	 * @param work the work
	 * @return what it returned
	 * @throws AuditUnavailable when the store could not be used
	 */
	public <T> T withinStore(int requests, Supplier<@Nullable T> work) {
		try {
			return Objects.requireNonNull(work.get(), "the work returned nothing");
		}
		catch (DataAccessException | TransactionException ex) {
			log.error("Audit store unavailable: {} attempt(s) not admitted, refused ({})", requests,
					ex.getClass().getSimpleName());
			for (int i = 0; i < requests; i++) {
				this.meters.count(ACTION_BACKUP_CREATE, Outcome.FAILED, ProblemCode.AUDIT_UNAVAILABLE.slug());
			}
			throw new AuditUnavailable(ex);
		}
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
	 * Completes an attempt that failed upstream (IAM, the cloud, or a bug). When the
	 * cloud may have created the backup without saying so, the entry records the caller's
	 * answer but stays {@code pending} until the backup list settles it (docs/design.md
	 * 3.4).
	 * @param attempt the pending attempt
	 * @param answered what the caller is told
	 * @param upstream the cloud's failure, when the cloud or IAM failed
	 */
	public void completeFailed(AuditAttempt attempt, ProblemCode answered, @Nullable CloudFailure upstream) {
		Outcome outcome = (upstream != null && upstream.mayHaveCreated()) ? Outcome.PENDING : Outcome.FAILED;
		complete(attempt,
				new AuditOutcome(outcome, answered.status().value(), answered.slug(),
						(upstream != null) ? upstream.upstreamStatus() : null,
						(upstream != null) ? AuditText.clip(upstream.errorCode(), 128) : null, null, null, null,
						attempt.meta().elapsedMillis()));
	}

	/**
	 * Records an {@code Idempotency-Key} replay: the original answer was sent again,
	 * nothing went upstream (docs/design.md 3.4).
	 * @param draft what is known about the request
	 * @param httpStatus the status answered, the original's
	 * @param code the original's problem code, if it was a problem
	 * @param jobId the original's job id, if any
	 * @param backupId the original's backup id, if any
	 */
	public void recordReplay(AuditDraft draft, int httpStatus, @Nullable String code, @Nullable String jobId,
			@Nullable String backupId) {
		try {
			this.repository.insert(draft.toRow(UUID.randomUUID(), now(), Outcome.REPLAYED, httpStatus, code,
					draft.meta().elapsedMillis(), jobId, backupId));
			this.meters.count(draft.action(), Outcome.REPLAYED, code);
		}
		catch (DataAccessException ex) {
			// the answer was given before; a storage failure must not withhold it
			log.error("Audit store unavailable: replay not recorded ({})", ex.getClass().getSimpleName());
		}
		this.ends.ended(draft.action(), draft.team(), draft.instanceId(), Outcome.REPLAYED, httpStatus, code, null,
				draft.meta().elapsedMillis());
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
	public void recordRefusal(AuditDraft draft, GatewayFailure refusal) {
		Outcome outcome = outcomeOf(refusal);
		try {
			this.repository.insert(draft.toRow(UUID.randomUUID(), now(), outcome, refusal.code().status().value(),
					refusal.code().slug(), draft.meta().elapsedMillis(), null, null));
			this.meters.count(draft.action(), outcome, refusal.code().slug());
		}
		catch (DataAccessException ex) {
			log.error("Audit store unavailable: {} refusal ({}) not recorded ({})", outcome.value(),
					refusal.code().slug(), ex.getClass().getSimpleName());
		}
		this.ends.ended(draft.action(), draft.team(), draft.instanceId(), outcome, refusal.code().status().value(),
				refusal.code().slug(), null, draft.meta().elapsedMillis());
	}

	/**
	 * Records why a request was refused before anything went upstream, whatever refused
	 * it: a failure of the gateway's own checks as the refusal it is, a store that could
	 * not take the attempt as unavailable (nothing is written), anything else as the bug
	 * it is ({@code internal-error}).
	 * @param draft what is known about the request
	 * @param refusal what ended it
	 */
	public void refused(AuditDraft draft, RuntimeException refusal) {
		if (refusal instanceof AuditUnavailable) {
			// the store cannot take the refusal either; it is logged where it failed
			unavailable(draft);
		}
		else if (refusal instanceof GatewayFailure failure) {
			recordRefusal(draft, failure);
		}
		else {
			recordRefusal(draft, new Unexpected(refusal));
		}
	}

	/**
	 * Ends a request the store could not take at all ({@link AuditUnavailable}): nothing
	 * is written, the request is counted and logged as failed.
	 * @param draft what is known about the request
	 */
	public void unavailable(AuditDraft draft) {
		this.ends.ended(draft.action(), draft.team(), draft.instanceId(), Outcome.FAILED,
				ProblemCode.AUDIT_UNAVAILABLE.status().value(), ProblemCode.AUDIT_UNAVAILABLE.slug(), null,
				draft.meta().elapsedMillis());
	}

	private OffsetDateTime now() {
		return AuditRow.timestamp(this.clock);
	}

	static Outcome outcomeOf(GatewayFailure refusal) {
		if (refusal.code() == ProblemCode.FORBIDDEN) {
			return Outcome.DENIED;
		}
		return refusal.code().status().is4xxClientError() ? Outcome.REJECTED : Outcome.FAILED;
	}

	/**
	 * Writes an outcome, again while the write fails and the write timeout allows
	 * (docs/design.md section 6): a session the database ended between the attempt and
	 * the outcome must not leave an accepted backup without its answer and job. Only when
	 * the store stays unwritable does the entry stay {@code pending}, to be settled from
	 * the cloud's backup list.
	 */
	private void complete(AuditAttempt attempt, AuditOutcome outcome) {
		long deadline = System.nanoTime() + this.writeTimeout.toNanos();
		for (int tries = 1;; tries++) {
			try {
				if (!this.repository.complete(attempt.auditId(), attempt.written(), outcome) && tries == 1) {
					log.error("Audit entry {} was no longer pending; outcome {} not written", attempt.auditId(),
							outcome.outcome().value());
				}
				// on a later try, no longer pending means an earlier try's write
				// committed
				this.meters.count(attempt.action(), outcome.outcome(), outcome.code());
				break;
			}
			catch (DataAccessException ex) {
				long left = deadline - System.nanoTime();
				if (left > 0 && pause(Math.min(TimeUnit.NANOSECONDS.toMillis(left), 50L * tries))) {
					log.warn("Audit entry {}: outcome {} not written ({}), trying again", attempt.auditId(),
							outcome.outcome().value(), ex.getClass().getSimpleName());
					continue;
				}
				// the cloud has already answered: the entry stays pending and is resolved
				// later
				log.error("Audit store unavailable: entry {} stays pending, outcome {} not written after {} tries ({})",
						attempt.auditId(), outcome.outcome().value(), tries, ex.getClass().getSimpleName());
				break;
			}
		}
		this.ends.ended(attempt.action(), attempt.team(), attempt.instanceId(), outcome.outcome(),
				(outcome.httpStatus() != null) ? outcome.httpStatus() : 0, outcome.code(), outcome.upstreamStatus(),
				(outcome.durationMs() != null) ? outcome.durationMs() : attempt.meta().elapsedMillis());
	}

	/**
	 * Waits before another try; false when the thread is interrupted (then no more
	 * tries).
	 */
	private static boolean pause(long millis) {
		try {
			Thread.sleep(Math.max(1, millis));
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
