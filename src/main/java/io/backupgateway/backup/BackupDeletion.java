package io.backupgateway.backup;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.BackupTarget;
import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.cloud.Backup;
import io.backupgateway.cloud.BackupDeleted;
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
 * Deleting a manual backup of one of the team's instances (docs/design.md 3.5), read top
 * to bottom in {@link #delete}: the same steps as a create. The backup is looked up in
 * the cloud's list of the team's instances before anything is sent: only a manual backup
 * found there is deleted.
 */
@Service
class BackupDeletion {

	private static final Logger log = LoggerFactory.getLogger(BackupDeletion.class);

	/** The cloud's "backup file not found" (docs/cloud-api.md). */
	static final String BACKUP_GONE = "DBS.201214";

	/**
	 * The cloud's "cannot delete while a restore is using the backup"
	 * (docs/cloud-api.md).
	 */
	static final String BACKUP_IN_USE = "DBS.201319";

	/**
	 * A backup id is opaque (docs/cloud-api.md) but goes into an upstream path: letters
	 * and digits only.
	 */
	static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9]{1,64}");

	private final CallerRates rates;

	private final AccessPolicy access;

	private final BackupListing listing;

	private final IdempotencyKeys idempotency;

	private final Admission admission;

	private final GeminiDb geminiDb;

	private final AuditLog audit;

	private final AnswerBodies answers;

	BackupDeletion(CallerRates rates, AccessPolicy access, BackupListing listing, IdempotencyKeys idempotency,
			Admission admission, GeminiDb geminiDb, AuditLog audit, AnswerBodies answers) {
		this.rates = rates;
		this.access = access;
		this.listing = listing;
		this.idempotency = idempotency;
		this.admission = admission;
		this.geminiDb = geminiDb;
		this.audit = audit;
		this.answers = answers;
	}

	Answered delete(Caller caller, String team, String backupId, @Nullable String idempotencyKey, RequestMeta meta) {
		// 1. the caller's rate: refused before anything else, counted, not audited
		this.rates.admitWrite(caller, team);
		AuditDraft draft = AuditDraft.deleting(caller, meta, backupId).team(team).idempotencyKey(idempotencyKey);
		KeyClaim claim = KeyClaim.NONE;
		Found found;
		AuditAttempt attempt;
		try {
			// 2. the gateway's checks: the caller, the path, then the backup as the cloud
			// lists it among the team's instances
			BackupService.requireValidIdempotencyKey(idempotencyKey);
			List<BackupTarget> targets = this.access.requireCanDelete(caller, team);
			if (!BACKUP_ID.matcher(backupId).matches()) {
				throw new InvalidBackupRequest("The request path is invalid.")
					.withErrors(List.of(new FieldError("backup_id", "ASCII letters and digits, 1 to 64")));
			}
			found = find(targets, backupId).orElseThrow(() -> new BackupNotFound(
					"No backup '" + backupId + "' of team '" + team + "''s instances is listed by the cloud."));
			draft.target(team, found.target().instance().value())
				.project(found.target().projectId())
				.grant(found.target().grant().value())
				.body(found.backup().name(), found.backup().description());
			if (!found.backup().isManual()) {
				throw new BackupNotManual(backupId);
			}
			// 3. the Idempotency-Key: claimed, or its first answer replayed
			claim = this.idempotency.claim(team, BackupService.subject(caller), idempotencyKey,
					IdempotencyKeys.fingerprint("delete", backupId));
			if (claim.replay() != null) {
				this.audit.recordReplay(draft, claim.replay().httpStatus(), claim.replay().code(),
						claim.replay().jobId(), claim.replay().backupId());
				return Answered.replaying(claim.replay());
			}
			// 4. admission: one deletion of a backup in flight, and the attempt recorded
			attempt = this.admission.admitDeletion(found.backup().id(), draft);
		}
		catch (RuntimeException ex) {
			// audited as what it is: a refusal, an unavailable store, or a bug
			this.audit.refused(draft, ex);
			claim.release();
			throw ex;
		}
		// 5. the cloud, now that the attempt is durable
		BackupDeleted deleted;
		try {
			deleted = this.geminiDb.deleteBackup(found.target().project(), found.backup().id());
		}
		catch (CloudFailure ex) {
			UpstreamFailed problem = deleteProblem(ex);
			// 6. the outcome: pending while the cloud may have deleted the backup
			this.audit.completeFailed(attempt, problem.code(), ex);
			// 7. the answer kept under the key when the cloud may have deleted the backup
			if (ex.mayHaveCreated()) {
				claim.keep(this.answers.kept(problem, meta), attempt.auditId(), null, found.backup().id());
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
		this.audit.completeAccepted(attempt, HttpStatus.ACCEPTED.value(), deleted.upstreamStatus(), deleted.jobId(),
				found.backup().id());
		this.listing.forget(found.target());
		Answered answered = this.answers.accepted(HttpStatus.ACCEPTED.value(),
				new BackupDeleting(deleted.jobId(), attempt.auditId().toString()));
		// 7. the answer kept under the key
		claim.keep(AnswerBodies.kept(answered), attempt.auditId(), deleted.jobId(), found.backup().id());
		log.debug("Deletion of backup {} ('{}') of instance {} for team {} accepted: job {}", found.backup().id(),
				found.backup().name(), found.target().instance(), found.target().team(), deleted.jobId());
		return answered;
	}

	/**
	 * What a caller is told of a failed delete: as for a create, except the cloud's
	 * "backup file not found" (it is gone already: 404) and "a restore is using it" (409
	 * {@code backup-in-use}) (docs/design.md 3.5).
	 */
	static UpstreamFailed deleteProblem(CloudFailure failure) {
		if (failure.kind() == CloudFailure.Kind.REJECTED) {
			if (BACKUP_GONE.equals(failure.errorCode())) {
				return failure.problem(ProblemCode.NOT_FOUND);
			}
			if (BACKUP_IN_USE.equals(failure.errorCode())) {
				return failure.problem(ProblemCode.BACKUP_IN_USE);
			}
		}
		return failure.problem();
	}

	/** The backup among the cloud's lists of the team's instances. */
	private Optional<Found> find(List<BackupTarget> targets, String backupId) {
		for (BackupTarget target : targets) {
			for (Backup backup : this.listing.of(target)) {
				if (backup.id().equals(backupId)) {
					return Optional.of(new Found(target, backup));
				}
			}
		}
		return Optional.empty();
	}

	private record Found(BackupTarget target, Backup backup) {
	}

}
