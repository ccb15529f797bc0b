package io.backupgateway.audit;

import java.util.Objects;
import java.util.UUID;

import io.backupgateway.web.RequestMeta;
import org.jspecify.annotations.Nullable;

/**
 * A durably recorded, still pending attempt; its outcome is written by one of the
 * {@code complete...} methods of {@link AuditLog}. It keeps the row as written, so the
 * outcome's MAC is computed without reading the entry back (docs/design.md section 6).
 */
public final class AuditAttempt {

	private final UUID auditId;

	private final RequestMeta meta;

	private final String action;

	private final @Nullable String team;

	private final @Nullable String instanceId;

	private final @Nullable AuditRow written;

	AuditAttempt(AuditRow written, RequestMeta meta) {
		this(written.auditId(), meta, written.action(), written.team(), written.instanceId(), written);
	}

	/**
	 * A {@code backup.create} attempt known only by its id: its outcome is written after
	 * reading the entry back.
	 * @param auditId the entry's id
	 * @param meta the request it belongs to
	 */
	public AuditAttempt(UUID auditId, RequestMeta meta) {
		this(auditId, meta, AuditLog.ACTION_BACKUP_CREATE, null, null, null);
	}

	private AuditAttempt(UUID auditId, RequestMeta meta, String action, @Nullable String team,
			@Nullable String instanceId, @Nullable AuditRow written) {
		this.auditId = Objects.requireNonNull(auditId);
		this.meta = Objects.requireNonNull(meta);
		this.action = action;
		this.team = team;
		this.instanceId = instanceId;
		this.written = written;
	}

	/** The entry's id. */
	public UUID auditId() {
		return this.auditId;
	}

	/** The request it belongs to. */
	public RequestMeta meta() {
		return this.meta;
	}

	/** {@code backup.create} or {@code backup.delete}. */
	public String action() {
		return this.action;
	}

	/** The team, for the request's access line. */
	public @Nullable String team() {
		return this.team;
	}

	/** The instance, for the request's access line. */
	public @Nullable String instanceId() {
		return this.instanceId;
	}

	@Nullable AuditRow written() {
		return this.written;
	}

	@Override
	public String toString() {
		return "AuditAttempt[" + this.auditId + ", " + this.action + "]";
	}

}
