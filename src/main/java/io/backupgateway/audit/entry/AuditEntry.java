package io.backupgateway.audit.entry;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * An audit entry as reviewers see it: every member of docs/design.md 3.3, {@code null}
 * where there is no value, in the order of 3.3. The chain's members are read for exports
 * and verification but are not part of the entry.
 */
@JsonPropertyOrder({ "audit_id", "occurred_at", "action", "actor", "actor_name", "team", "instance_id", "project_id",
		"backup_name", "description", "outcome", "http_status", "code", "upstream_status", "upstream_error_code",
		"job_id", "backup_id", "job_status", "request_id", "idempotency_key", "client_ip", "user_agent", "duration_ms",
		"grant" })
public record AuditEntry(@Schema(format = "uuid") String auditId, @Schema(format = "date-time") String occurredAt,
		@Schema(allowableValues = {
				"backup.create", "backup.delete", "backup.job" }) String action,
		@Nullable String actor, @Nullable String actorName, @Nullable String team, @Nullable String instanceId,
		@Nullable String projectId, @Nullable String backupName, @Nullable String description,
		@Schema(allowableValues = { "accepted", "rejected", "denied", "failed", "pending", "unknown", "replayed",
				"completed" }) String outcome,
		@Nullable Integer httpStatus, @Nullable String code, @Nullable Integer upstreamStatus,
		@Nullable String upstreamErrorCode, @Nullable String jobId, @Nullable String backupId,
		@Schema(allowableValues = { "Running", "Completed", "Failed", "Unknown" }) @Nullable String jobStatus,
		String requestId, @Nullable String idempotencyKey, @Nullable String clientIp, @Nullable String userAgent,
		@Nullable Long durationMs, @Schema(allowableValues = { "configuration", "tag" }) @Nullable String grant,
		@JsonIgnore long seq, @JsonIgnore OffsetDateTime occurredAtValue, @JsonIgnore @Nullable Long chainSeq,
		@JsonIgnore @Nullable String entryHash, @JsonIgnore @Nullable String chainHash,
		@JsonIgnore @Nullable String entryMac, @JsonIgnore @Nullable String macKeyId){

	/** The member names of docs/design.md 3.3, in order: the CSV header. */
	public static final String[] FIELDS = { "audit_id", "occurred_at", "action", "actor", "actor_name", "team",
			"instance_id", "project_id", "backup_name", "description", "outcome", "http_status", "code",
			"upstream_status", "upstream_error_code", "job_id", "backup_id", "job_status", "request_id",
			"idempotency_key", "client_ip", "user_agent", "duration_ms", "grant" };

	/** Timestamps everywhere in the trail: UTC, always six fractional digits. */
	public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
		.withZone(ZoneOffset.UTC);

	public static String format(OffsetDateTime time) {
		return TIMESTAMP.format(time);
	}

	/** The values of {@link #FIELDS}, in order, as text ({@code null} stays null). */
	public @Nullable String[] values() {
		return new @Nullable String[] { this.auditId, this.occurredAt, this.action, this.actor, this.actorName,
				this.team, this.instanceId, this.projectId, this.backupName, this.description, this.outcome,
				text(this.httpStatus), this.code, text(this.upstreamStatus), this.upstreamErrorCode, this.jobId,
				this.backupId, this.jobStatus, this.requestId, this.idempotencyKey, this.clientIp, this.userAgent,
				text(this.durationMs), this.grant };
	}

	/**
	 * The entry's canonical bytes, hashed into the chain and authenticated by its MAC
	 * (docs/audit.md): one line per member except {@code job_status} (derived, it changes
	 * as the job runs), {@code name=~} for null, else {@code name=<n>:<value>} where n is
	 * the value's length in UTF-8 bytes; each line ends with a line feed. {@code grant}
	 * (third version) has a line only when it has a value, so entries written before it
	 * keep the bytes they were chained with.
	 * @return the canonical text
	 */
	public String canonical() {
		@Nullable String[] all = values();
		StringBuilder out = new StringBuilder(512);
		for (int i = 0; i < FIELDS.length; i++) {
			if ("job_status".equals(FIELDS[i])) {
				continue;
			}
			String value = all[i];
			if (value == null && "grant".equals(FIELDS[i])) {
				continue;
			}
			out.append(FIELDS[i]).append('=');
			if (value == null) {
				out.append('~');
			}
			else {
				out.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
			}
			out.append('\n');
		}
		return out.toString();
	}

	private static @Nullable String text(@Nullable Number number) {
		return (number != null) ? number.toString() : null;
	}

}
