package io.backupgateway.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;

/**
 * An entry a test puts into the trail as the gateway would have written it, MAC and all
 * (docs/design.md section 6): seeded history the gateway vouches for, unlike rows
 * inserted with SQL, which it refuses to chain.
 */
public final class SeededEntry {

	private static final int BATCH = 1000;

	private UUID auditId = UUID.randomUUID();

	private OffsetDateTime occurredAt = AuditRow.timestamp(java.time.Clock.systemUTC());

	private final String action;

	private final Outcome outcome;

	private @Nullable String actor = "alice";

	private @Nullable String actorName;

	private @Nullable String team;

	private @Nullable String instanceId;

	private @Nullable String projectId;

	private @Nullable String backupName;

	private @Nullable String description;

	private @Nullable Integer httpStatus;

	private @Nullable String code;

	private @Nullable String jobId;

	private @Nullable String backupId;

	private @Nullable String jobStatus;

	private @Nullable String requestId;

	private @Nullable String clientIp;

	private SeededEntry(String action, String outcome) {
		this.action = action;
		this.outcome = Outcome.valueOf(outcome.toUpperCase(Locale.ROOT));
	}

	/**
	 * @param action {@code backup.create}, {@code backup.delete} or {@code backup.job}
	 * @param outcome the outcome's value, such as {@code accepted}
	 * @return the entry, of actor {@code alice}, now
	 */
	public static SeededEntry of(String action, String outcome) {
		return new SeededEntry(action, outcome);
	}

	/**
	 * Writes entries through the gateway's own audit store, in batches.
	 * @param gateway the gateway's beans
	 * @param entries the entries
	 */
	public static void insert(BeanFactory gateway, List<SeededEntry> entries) {
		AuditRepository repository = gateway.getBean(AuditRepository.class);
		for (int from = 0; from < entries.size(); from += BATCH) {
			repository.insertAll(entries.subList(from, Math.min(entries.size(), from + BATCH))
				.stream()
				.map(SeededEntry::row)
				.toList());
		}
	}

	/**
	 * Writes this entry through the gateway's own audit store.
	 * @param gateway the gateway's beans
	 * @return its audit id
	 */
	public UUID insert(BeanFactory gateway) {
		gateway.getBean(AuditRepository.class).insert(row());
		return this.auditId;
	}

	public SeededEntry id(UUID auditId) {
		this.auditId = auditId;
		return this;
	}

	public UUID auditId() {
		return this.auditId;
	}

	AuditRow row() {
		return new AuditRow(this.auditId, this.occurredAt, this.action, this.actor, this.actorName, this.team,
				this.instanceId, this.projectId, this.backupName, this.description, this.outcome, this.httpStatus,
				this.code, null, null, this.jobId, this.backupId, this.jobStatus,
				(this.requestId != null) ? this.requestId : "seed-" + this.auditId, null, this.clientIp, null, null,
				null);
	}

	public SeededEntry at(OffsetDateTime at) {
		this.occurredAt = at.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
		return this;
	}

	public SeededEntry at(Instant at) {
		return at(at.atOffset(ZoneOffset.UTC));
	}

	public SeededEntry actor(@Nullable String actor) {
		this.actor = actor;
		return this;
	}

	public SeededEntry actorName(@Nullable String actorName) {
		this.actorName = actorName;
		return this;
	}

	public SeededEntry team(@Nullable String team) {
		this.team = team;
		return this;
	}

	public SeededEntry instance(@Nullable String instanceId) {
		this.instanceId = instanceId;
		return this;
	}

	public SeededEntry project(@Nullable String projectId) {
		this.projectId = projectId;
		return this;
	}

	public SeededEntry backupName(@Nullable String backupName) {
		this.backupName = backupName;
		return this;
	}

	public SeededEntry description(@Nullable String description) {
		this.description = description;
		return this;
	}

	public SeededEntry answered(@Nullable Integer httpStatus, @Nullable String code) {
		this.httpStatus = httpStatus;
		this.code = code;
		return this;
	}

	public SeededEntry job(@Nullable String jobId, @Nullable String jobStatus) {
		this.jobId = jobId;
		this.jobStatus = jobStatus;
		return this;
	}

	public SeededEntry backup(@Nullable String backupId) {
		this.backupId = backupId;
		return this;
	}

	public SeededEntry requestId(String requestId) {
		this.requestId = requestId;
		return this;
	}

	public SeededEntry clientIp(@Nullable String clientIp) {
		this.clientIp = clientIp;
		return this;
	}

}
