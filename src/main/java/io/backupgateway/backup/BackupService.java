package io.backupgateway.backup;

import java.util.List;
import java.util.Optional;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.BackupTarget;
import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.cloud.BackupCreated;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.failure.GatewayFailure.FieldError;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.idempotency.IdempotencyKeys;
import io.backupgateway.idempotency.IdempotentRequest;
import io.backupgateway.idempotency.StoredAnswer;
import io.backupgateway.limits.Admission;
import io.backupgateway.web.RequestMeta;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The create-backup sequence of docs/design.md section 2, in order, in one place. Each
 * step is a call to another module; every way out of it leaves an audit outcome
 * (invariant 2).
 */
@Service
class BackupService {

	private static final Logger log = LoggerFactory.getLogger(BackupService.class);

	private final AccessPolicy access;

	private final AuditLog audit;

	private final AuditedSteps steps;

	private final Admission admission;

	private final GeminiDb geminiDb;

	private final CreateBackupReader reader = new CreateBackupReader();

	BackupService(AccessPolicy access, AuditLog audit, AuditedSteps steps, Admission admission, GeminiDb geminiDb) {
		this.access = access;
		this.audit = audit;
		this.steps = steps;
		this.admission = admission;
		this.geminiDb = geminiDb;
	}

	CreateOutcome create(Caller caller, String team, String instance, @Nullable String idempotencyKey, RequestBody body,
			RequestMeta meta, IdempotentRequest idempotent) {
		AuditDraft draft = AuditDraft.of(caller, meta).target(team, instance).idempotencyKey(idempotencyKey);
		Approved approved = approve(caller, team, instance, idempotencyKey, body, draft, idempotent);
		if (approved.replay() != null) {
			return CreateOutcome.replayed(approved.replay());
		}
		return CreateOutcome.accepted(send(approved, idempotent));
	}

	/**
	 * The gateway's own checks, in the order of docs/design.md 3.4, ending with the
	 * attempt admitted and durably recorded (invariant 1). A refusal is audited here,
	 * before it is answered; a replay is audited as one.
	 */
	private Approved approve(Caller caller, String team, String instance, @Nullable String idempotencyKey,
			RequestBody body, AuditDraft draft, IdempotentRequest idempotent) {
		return this.steps.checked(draft, () -> {
			requireValidIdempotencyKey(idempotencyKey);
			BackupTarget target = this.access.requireCanBackUp(caller, team, instance);
			draft.project(target.projectId());
			CreateBackupReader.Parsed parsed = this.reader.read(body);
			draft.body(parsed.name(), parsed.description());
			CreateBackupRequest request = parsed.requireValid();
			this.access.requireNameAllowed(target, request.name());
			Optional<StoredAnswer> replay = this.steps.claim(idempotent, caller, team, idempotencyKey,
					IdempotencyKeys.fingerprint(instance, request.name(), request.description()), draft);
			if (replay.isPresent()) {
				return Approved.replaying(replay.get());
			}
			return new Approved(target, request, this.admission.admit(target, draft), null);
		});
	}

	/**
	 * The call to the cloud, after the attempt is durable. Whatever happens, the entry is
	 * completed; when the cloud may have created the backup, the answer is kept under the
	 * request's {@code Idempotency-Key} (docs/design.md 3.4).
	 */
	private BackupAccepted send(Approved approved, IdempotentRequest idempotent) {
		AuditAttempt attempt = approved.requireAttempt();
		BackupTarget target = approved.requireTarget();
		CreateBackupRequest request = approved.requireRequest();
		BackupCreated created = this.steps.upstream(attempt, idempotent, null, () -> this.geminiDb
			.createBackup(target.project(), target.instance(), request.name(), request.description()),
				CloudFailure::problem);
		this.audit.completeAccepted(attempt, HttpStatus.ACCEPTED.value(), created.upstreamStatus(), created.jobId(),
				created.backupId());
		idempotent.keepAnswer(attempt.auditId(), created.jobId(), created.backupId(), null);
		log.debug("Backup '{}' of instance {} for team {} accepted: job {}", request.name(), target.instance(),
				target.team(), created.jobId());
		return new BackupAccepted(created.jobId(), created.backupId(), attempt.auditId().toString(),
				target.team().value(), target.instance().value(), request.name());
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

	/** A request that passed the checks: admitted and recorded, or replaying. */
	private record Approved(@Nullable BackupTarget target, @Nullable CreateBackupRequest request,
			@Nullable AuditAttempt attempt, @Nullable StoredAnswer replay) {

		static Approved replaying(StoredAnswer answer) {
			return new Approved(null, null, null, answer);
		}

		BackupTarget requireTarget() {
			return java.util.Objects.requireNonNull(this.target);
		}

		CreateBackupRequest requireRequest() {
			return java.util.Objects.requireNonNull(this.request);
		}

		AuditAttempt requireAttempt() {
			return java.util.Objects.requireNonNull(this.attempt);
		}

	}

}
