package io.backupgateway.backup;

import java.util.List;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.BackupTarget;
import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.cloud.BackupCreated;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.cloud.UpstreamFailed;
import io.backupgateway.failure.GatewayFailure.FieldError;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.idempotency.IdempotencyKeys;
import io.backupgateway.idempotency.KeyClaim;
import io.backupgateway.limits.Admission;
import io.backupgateway.limits.CallerRates;
import io.backupgateway.web.RequestMeta;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The create flow of docs/design.md section 2, read top to bottom in {@link #create}:
 * caller rate, checks, idempotency claim, admission with the attempt recorded, the call
 * to the cloud, the outcome, the answer kept. Every way out of it leaves an audit outcome
 * (invariant 2) and settles the request's {@code Idempotency-Key} before the caller sees
 * the answer.
 */
@Service
class BackupService {

	private static final Logger log = LoggerFactory.getLogger(BackupService.class);

	private final CallerRates rates;

	private final AccessPolicy access;

	private final IdempotencyKeys idempotency;

	private final Admission admission;

	private final GeminiDb geminiDb;

	private final AuditLog audit;

	private final AnswerBodies answers;

	private final CreateBackupReader reader = new CreateBackupReader();

	BackupService(CallerRates rates, AccessPolicy access, IdempotencyKeys idempotency, Admission admission,
			GeminiDb geminiDb, AuditLog audit, AnswerBodies answers) {
		this.rates = rates;
		this.access = access;
		this.idempotency = idempotency;
		this.admission = admission;
		this.geminiDb = geminiDb;
		this.audit = audit;
		this.answers = answers;
	}

	Answered create(Caller caller, String team, String instance, @Nullable String idempotencyKey, RequestBody body,
			RequestMeta meta) {
		// 1. the caller's rate: refused before anything else, counted, not audited
		this.rates.admitWrite(caller, team);
		AuditDraft draft = AuditDraft.of(caller, meta).target(team, instance).idempotencyKey(idempotencyKey);
		KeyClaim claim = KeyClaim.NONE;
		BackupTarget target;
		CreateBackupRequest request;
		AuditAttempt attempt;
		try {
			// 2. the gateway's checks, in the order of 3.4: the body is read only once
			// the
			// caller may back up the instance
			requireValidIdempotencyKey(idempotencyKey);
			target = this.access.requireCanBackUp(caller, team, instance);
			draft.project(target.projectId()).grant(target.grant().value());
			CreateBackupReader.Parsed parsed = this.reader.read(body);
			draft.body(parsed.name(), parsed.description());
			request = parsed.requireValid();
			this.access.requireNameAllowed(target, request.name());
			// 3. the Idempotency-Key: claimed, or its first answer replayed
			claim = this.idempotency.claim(team, subject(caller), idempotencyKey,
					IdempotencyKeys.fingerprint(instance, request.name(), request.description()));
			if (claim.replay() != null) {
				this.audit.recordReplay(draft, claim.replay().httpStatus(), claim.replay().code(),
						claim.replay().jobId(), claim.replay().backupId());
				return Answered.replaying(claim.replay());
			}
			// 4. admission: the team's quota and the backup in progress, decided under
			// the
			// team's lock, and the attempt recorded in the same transaction
			attempt = this.admission.admit(target, draft);
		}
		catch (RuntimeException ex) {
			// audited as what it is: a refusal, an unavailable store, or a bug
			this.audit.refused(draft, ex);
			claim.release();
			throw ex;
		}
		// 5. the cloud, now that the attempt is durable
		BackupCreated created;
		try {
			created = this.geminiDb.createBackup(target.project(), target.instance(), request.name(),
					request.description());
		}
		catch (CloudFailure ex) {
			UpstreamFailed problem = ex.problem();
			// 6. the outcome: pending while the cloud may have created the backup
			this.audit.completeFailed(attempt, problem.code(), ex);
			// 7. the answer kept under the key when the cloud may have created the backup
			if (ex.mayHaveCreated()) {
				claim.keep(this.answers.kept(problem, meta), attempt.auditId(), null, null);
			}
			else {
				claim.release();
			}
			throw problem;
		}
		catch (RuntimeException ex) {
			this.audit.completeFailed(attempt, ProblemCode.INTERNAL_ERROR, null);
			claim.release();
			throw ex;
		}
		// 6. the outcome
		this.audit.completeAccepted(attempt, HttpStatus.ACCEPTED.value(), created.upstreamStatus(), created.jobId(),
				created.backupId());
		BackupAccepted accepted = new BackupAccepted(created.jobId(), created.backupId(), attempt.auditId().toString(),
				target.team().value(), target.instance().value(), request.name());
		Answered answered = this.answers.accepted(HttpStatus.ACCEPTED.value(), accepted);
		// 7. the answer kept under the key
		claim.keep(AnswerBodies.kept(answered), attempt.auditId(), created.jobId(), created.backupId());
		log.debug("Backup '{}' of instance {} for team {} accepted: job {}", request.name(), target.instance(),
				target.team(), created.jobId());
		return answered;
	}

	/**
	 * docs/design.md 3.4: 1 to 128 visible ASCII characters, else 400 (an empty header
	 * too).
	 */
	static void requireValidIdempotencyKey(@Nullable String key) {
		if (key != null
				&& (key.isEmpty() || key.length() > 128 || !key.chars().allMatch((c) -> c >= 0x21 && c <= 0x7e))) {
			throw new InvalidBackupRequest("The Idempotency-Key header is invalid.").withErrors(List
				.of(new FieldError(BackupController.IDEMPOTENCY_KEY, "must be 1 to 128 visible ASCII characters")));
		}
	}

	/** The caller as an idempotency key's owner: its {@code sub}. */
	static String subject(Caller caller) {
		return (caller.subject() != null) ? caller.subject() : "";
	}

}
