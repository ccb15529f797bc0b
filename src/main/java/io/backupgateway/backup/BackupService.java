package io.backupgateway.backup;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.BackupTarget;
import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.cloud.BackupCreated;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.web.GatewayException;
import io.backupgateway.web.ProblemCode;
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

	private final GeminiDb geminiDb;

	private final CreateBackupReader reader = new CreateBackupReader();

	BackupService(AccessPolicy access, AuditLog audit, GeminiDb geminiDb) {
		this.access = access;
		this.audit = audit;
		this.geminiDb = geminiDb;
	}

	BackupAccepted create(Caller caller, String team, String instance, @Nullable String idempotencyKey,
			RequestBody body, RequestMeta meta) {
		AuditDraft draft = AuditDraft.of(caller, meta).target(team, instance).idempotencyKey(idempotencyKey);
		Approved approved = approve(caller, team, instance, idempotencyKey, body, draft);
		return send(approved, draft);
	}

	/**
	 * The gateway's own checks, in the order of docs/design.md 3.4. A refusal is audited
	 * here, before it is answered.
	 */
	private Approved approve(Caller caller, String team, String instance, @Nullable String idempotencyKey,
			RequestBody body, AuditDraft draft) {
		try {
			requireValidIdempotencyKey(idempotencyKey);
			BackupTarget target = this.access.requireCanBackUp(caller, team, instance);
			draft.project(target.projectId());
			CreateBackupReader.Parsed parsed = this.reader.read(body);
			draft.body(parsed.name(), parsed.description());
			CreateBackupRequest request = parsed.requireValid();
			this.access.requireNameAllowed(target, request.name());
			// idempotency, the team's quota and one-running-backup-per-instance slot in
			// here
			return new Approved(target, request);
		}
		catch (GatewayException ex) {
			this.audit.recordRefusal(draft, ex);
			throw ex;
		}
		catch (RuntimeException ex) {
			this.audit.recordRefusal(draft, internalError(ex));
			throw ex;
		}
	}

	/**
	 * The attempt is durable before the upstream call (invariant 1): if it cannot be
	 * recorded, {@link AuditLog#recordAttempt} throws and nothing is sent.
	 */
	private BackupAccepted send(Approved approved, AuditDraft draft) {
		AuditAttempt attempt = this.audit.recordAttempt(draft);
		BackupTarget target = approved.target();
		CreateBackupRequest request = approved.request();
		BackupCreated created;
		try {
			created = this.geminiDb.createBackup(target.project(), target.instance(), request.name(),
					request.description());
		}
		catch (CloudFailure ex) {
			GatewayException problem = UpstreamProblems.toProblem(ex);
			this.audit.completeFailed(attempt, problem.code(), ex);
			throw problem;
		}
		catch (RuntimeException ex) {
			this.audit.completeFailed(attempt, ProblemCode.INTERNAL_ERROR, null);
			throw ex;
		}
		this.audit.completeAccepted(attempt, HttpStatus.ACCEPTED.value(), created.upstreamStatus(), created.jobId(),
				created.backupId());
		log.info("Backup '{}' of instance {} for team {} accepted: job {}", request.name(), target.instance(),
				target.team(), created.jobId());
		return new BackupAccepted(created.jobId(), created.backupId(), attempt.auditId().toString(),
				target.team().value(), target.instance().value(), request.name());
	}

	/**
	 * docs/design.md 3.4: 1 to 128 visible ASCII characters, else 400 (an empty header
	 * too). Keys are recorded in the audit trail; replaying a request by its key is not
	 * implemented yet.
	 */
	private static void requireValidIdempotencyKey(@Nullable String key) {
		if (key != null
				&& (key.isEmpty() || key.length() > 128 || !key.chars().allMatch((c) -> c >= 0x21 && c <= 0x7e))) {
			throw new GatewayException(ProblemCode.INVALID_REQUEST, "The Idempotency-Key header is invalid.")
				.withErrors(java.util.List.of(new GatewayException.FieldError(BackupController.IDEMPOTENCY_KEY,
						"must be 1 to 128 visible ASCII characters")));
		}
	}

	private static GatewayException internalError(RuntimeException ex) {
		return new GatewayException(ProblemCode.INTERNAL_ERROR, "The request failed unexpectedly.", ex);
	}

	private record Approved(BackupTarget target, CreateBackupRequest request) {
	}

}
