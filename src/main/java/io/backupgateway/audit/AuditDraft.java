package io.backupgateway.audit;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.backupgateway.access.Caller;
import io.backupgateway.web.RequestMeta;
import org.jspecify.annotations.Nullable;

/**
 * What is known about a create or delete request so far. The flow fills it in step by
 * step, so that whichever step refuses the request, its entry says as much as was known.
 */
public final class AuditDraft {

	private final Caller caller;

	private final RequestMeta meta;

	private @Nullable String team;

	private @Nullable String instanceId;

	private @Nullable String projectId;

	private @Nullable String backupName;

	private @Nullable String description;

	private @Nullable String idempotencyKey;

	private @Nullable String backupId;

	private @Nullable String grant;

	private final String action;

	private AuditDraft(Caller caller, RequestMeta meta, String action) {
		this.caller = caller;
		this.meta = meta;
		this.action = action;
	}

	/** A {@code backup.create} request. */
	public static AuditDraft of(Caller caller, RequestMeta meta) {
		return new AuditDraft(caller, meta, AuditLog.ACTION_BACKUP_CREATE);
	}

	/**
	 * A {@code backup.delete} request for a backup, recorded with every entry it leaves.
	 * @param caller the caller
	 * @param meta the request
	 * @param backupId the backup's id, as sent (made storable)
	 * @return the draft
	 */
	public static AuditDraft deleting(Caller caller, RequestMeta meta, String backupId) {
		AuditDraft draft = new AuditDraft(caller, meta, AuditLog.ACTION_BACKUP_DELETE);
		draft.backupId = AuditText.clip(backupId, 128);
		return draft;
	}

	public AuditDraft team(String team) {
		this.team = team;
		return this;
	}

	public AuditDraft target(String team, String instanceId) {
		this.team = team;
		this.instanceId = instanceId;
		return this;
	}

	/**
	 * Which source granted the instance to the team (docs/design.md 4.1).
	 * @param grant {@code configuration} or {@code tag}
	 * @return this draft
	 */
	public AuditDraft grant(String grant) {
		this.grant = grant;
		return this;
	}

	public AuditDraft project(String projectId) {
		this.projectId = projectId;
		return this;
	}

	public AuditDraft body(@Nullable String backupName, @Nullable String description) {
		this.backupName = backupName;
		this.description = description;
		return this;
	}

	public AuditDraft idempotencyKey(@Nullable String idempotencyKey) {
		this.idempotencyKey = idempotencyKey;
		return this;
	}

	@Nullable String idempotencyKey() {
		return this.idempotencyKey;
	}

	Caller caller() {
		return this.caller;
	}

	RequestMeta meta() {
		return this.meta;
	}

	AuditAttempt attempt(AuditRow written) {
		return new AuditAttempt(written, this.meta);
	}

	String action() {
		return this.action;
	}

	@Nullable String team() {
		return this.team;
	}

	@Nullable String instanceId() {
		return this.instanceId;
	}

	@Nullable String projectId() {
		return this.projectId;
	}

	@Nullable String backupName() {
		return this.backupName;
	}

	@Nullable String description() {
		return this.description;
	}

	/**
	 * The row this draft is stored as; caller-supplied text is made storable and cut to
	 * its column's length.
	 */
	AuditRow toRow(UUID auditId, OffsetDateTime occurredAt, Outcome outcome, @Nullable Integer httpStatus,
			@Nullable String code, @Nullable Long durationMs, @Nullable String jobId, @Nullable String backupId) {
		return new AuditRow(auditId, occurredAt, this.action, AuditText.clip(this.caller.subject(), 256),
				AuditText.clip(this.caller.name(), 256), AuditText.clip(this.team, 256),
				AuditText.clip(this.instanceId, 256), this.projectId, AuditText.clip(this.backupName, 256),
				AuditText.clip(this.description, 1024), outcome, httpStatus, code, null, null, jobId,
				(backupId != null) ? backupId : this.backupId, null, this.meta.requestId(),
				AuditText.clip(this.idempotencyKey, 128), AuditText.clip(this.meta.clientIp(), 64),
				AuditText.clip(this.meta.userAgent(), 512), durationMs, this.grant);
	}

}
