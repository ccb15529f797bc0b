package io.backupgateway.audit;

import io.backupgateway.access.Caller;
import io.backupgateway.web.RequestMeta;
import org.jspecify.annotations.Nullable;

/**
 * What is known about a {@code backup.create} request so far. The orchestrator fills it
 * in step by step, so that whichever step refuses the request, its entry says as much as
 * was known.
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

	private AuditDraft(Caller caller, RequestMeta meta) {
		this.caller = caller;
		this.meta = meta;
	}

	public static AuditDraft of(Caller caller, RequestMeta meta) {
		return new AuditDraft(caller, meta);
	}

	public AuditDraft target(String team, String instanceId) {
		this.team = team;
		this.instanceId = instanceId;
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

}
