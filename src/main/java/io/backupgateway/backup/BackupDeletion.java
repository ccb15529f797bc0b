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
 * Deleting a manual backup of one of the team's instances (docs/design.md 3.5): the same
 * access checks, audit steps and cloud client as a create. The backup is looked up in the
 * cloud's list of the team's instances before anything is sent: only a manual backup
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

	private final AccessPolicy access;

	private final AuditLog audit;

	private final AuditedSteps steps;

	private final BackupListing listing;

	private final GeminiDb geminiDb;

	private final Admission admission;

	BackupDeletion(AccessPolicy access, AuditLog audit, AuditedSteps steps, BackupListing listing, GeminiDb geminiDb,
			Admission admission) {
		this.access = access;
		this.admission = admission;
		this.audit = audit;
		this.steps = steps;
		this.listing = listing;
		this.geminiDb = geminiDb;
	}

	DeleteOutcome delete(Caller caller, String team, String backupId, @Nullable String idempotencyKey, RequestMeta meta,
			IdempotentRequest idempotent) {
		AuditDraft draft = AuditDraft.deleting(caller, meta, backupId).team(team).idempotencyKey(idempotencyKey);
		Approved approved = this.steps.checked(draft,
				() -> approve(caller, team, backupId, idempotencyKey, draft, idempotent));
		if (approved.replay() != null) {
			return DeleteOutcome.replayed(approved.replay());
		}
		return DeleteOutcome.accepted(send(approved, idempotent));
	}

	private Approved approve(Caller caller, String team, String backupId, @Nullable String idempotencyKey,
			AuditDraft draft, IdempotentRequest idempotent) {
		BackupService.requireValidIdempotencyKey(idempotencyKey);
		List<BackupTarget> targets = this.access.requireCanDelete(caller, team);
		if (!BACKUP_ID.matcher(backupId).matches()) {
			throw new InvalidBackupRequest("The request path is invalid.")
				.withErrors(List.of(new FieldError("backup_id", "ASCII letters and digits, 1 to 64")));
		}
		Found found = find(targets, backupId).orElseThrow(() -> new BackupNotFound(
				"No backup '" + backupId + "' of team '" + team + "''s instances is listed by the cloud."));
		draft.target(team, found.target().instance().value())
			.project(found.target().projectId())
			.body(found.backup().name(), found.backup().description());
		if (!found.backup().isManual()) {
			throw new BackupNotManual(backupId);
		}
		Optional<StoredAnswer> replay = this.steps.claim(idempotent, caller, team, idempotencyKey,
				IdempotencyKeys.fingerprint("delete", backupId), draft);
		if (replay.isPresent()) {
			return new Approved(found, null, replay.get());
		}
		return new Approved(found, this.admission.admitDeletion(found.backup().id(), draft), null);
	}

	private BackupDeleting send(Approved approved, IdempotentRequest idempotent) {
		AuditAttempt attempt = java.util.Objects.requireNonNull(approved.attempt());
		Found found = approved.found();
		BackupDeleted deleted = this.steps.upstream(attempt, idempotent, found.backup().id(),
				() -> this.geminiDb.deleteBackup(found.target().project(), found.backup().id()),
				BackupDeletion::deleteProblem);
		this.audit.completeAccepted(attempt, HttpStatus.ACCEPTED.value(), deleted.upstreamStatus(), deleted.jobId(),
				found.backup().id());
		idempotent.keepAnswer(attempt.auditId(), deleted.jobId(), found.backup().id(), null);
		this.listing.forget(found.target());
		log.debug("Deletion of backup {} ('{}') of instance {} for team {} accepted: job {}", found.backup().id(),
				found.backup().name(), found.target().instance(), found.target().team(), deleted.jobId());
		return new BackupDeleting(deleted.jobId(), attempt.auditId().toString());
	}

	/** The backup among the cloud's lists of the team's instances. */
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

	private record Approved(Found found, @Nullable AuditAttempt attempt, @Nullable StoredAnswer replay) {
	}

}
