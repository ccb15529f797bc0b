package io.backupgateway.backup;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.audit.AuditUnavailable;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.failure.Unexpected;
import io.backupgateway.idempotency.IdempotencyKeys;
import io.backupgateway.idempotency.IdempotentRequest;
import io.backupgateway.idempotency.StoredAnswer;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The audit steps a create and a delete share (docs/design.md 2, 3.5): refusals audited
 * before they are answered, an {@code Idempotency-Key} claimed or replayed, and the cloud
 * called only after the attempt is durable, its failure completing the entry.
 */
@Component
class AuditedSteps {

	private final AuditLog audit;

	private final IdempotencyKeys idempotency;

	AuditedSteps(AuditLog audit, IdempotencyKeys idempotency) {
		this.audit = audit;
		this.idempotency = idempotency;
	}

	/**
	 * Runs the gateway's own checks; a refusal is audited, then thrown.
	 * @param <T> what the checks return
	 * @param draft what is known about the request, filled in as the checks go
	 * @param checks the checks, ending with the attempt recorded or a replay
	 * @return what the checks returned
	 */
	<T> T checked(AuditDraft draft, Supplier<T> checks) {
		try {
			return checks.get();
		}
		catch (AuditUnavailable ex) {
			// the store cannot take the refusal either; it is logged where it failed
			this.audit.unavailable(draft);
			throw ex;
		}
		catch (GatewayFailure ex) {
			this.audit.recordRefusal(draft, ex);
			throw ex;
		}
		catch (RuntimeException ex) {
			this.audit.recordRefusal(draft, new Unexpected(ex));
			throw ex;
		}
	}

	/**
	 * Claims the request's {@code Idempotency-Key}, if it has one; a replay is audited.
	 * @return the earlier answer to replay, or empty to go on
	 */
	Optional<StoredAnswer> claim(IdempotentRequest request, Caller caller, String team, @Nullable String key,
			String fingerprint, AuditDraft draft) {
		if (key == null) {
			return Optional.empty();
		}
		Optional<StoredAnswer> replay = this.idempotency.claim(request, team,
				(caller.subject() != null) ? caller.subject() : "", key, fingerprint);
		replay.ifPresent((answer) -> this.audit.recordReplay(draft, answer.httpStatus(), answer.code(), answer.jobId(),
				answer.backupId()));
		return replay;
	}

	/**
	 * Calls the cloud for a recorded attempt. A failure completes the entry (pending when
	 * the cloud may have acted) and keeps the answer under the request's key when it may
	 * have; the caller gets the problem.
	 * @param <T> the cloud's answer
	 * @param attempt the recorded attempt
	 * @param request the request's idempotency state
	 * @param backupId the backup concerned, if known before the call
	 * @param call the call
	 * @param problems the problem for each failure
	 * @return the cloud's answer
	 */
	<T> T upstream(AuditAttempt attempt, IdempotentRequest request, @Nullable String backupId, Supplier<T> call,
			Function<CloudFailure, ? extends GatewayFailure> problems) {
		try {
			return call.get();
		}
		catch (CloudFailure ex) {
			GatewayFailure problem = problems.apply(ex);
			this.audit.completeFailed(attempt, problem.code(), ex);
			if (ex.mayHaveCreated()) {
				request.keepAnswer(attempt.auditId(), null, backupId, problem.code().slug());
			}
			throw problem;
		}
		catch (RuntimeException ex) {
			this.audit.completeFailed(attempt, ProblemCode.INTERNAL_ERROR, null);
			throw ex;
		}
	}

}
