package io.backupgateway.audit;

import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.EntryKeys;
import io.backupgateway.audit.entry.UnvouchedEntries;
import io.backupgateway.config.AuditSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The writes of the audit store. Every statement carries the query timeout of
 * {@code gateway.audit.write-timeout}, so a failing store answers in bounded time
 * (docs/design.md 3.4).
 */
@Repository
class AuditRepository {

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate batch;

	private final int timeoutSeconds;

	private final MeterRegistry meters;

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private final EntryKeys keys;

	private final UnvouchedEntries unvouched;

	/** The first entry that carries a MAC (V11); the owner's, so read once. */
	private volatile long macFromSeq = -1;

	AuditRepository(JdbcClient jdbc, DataSource dataSource, AuditSettings audit, MeterRegistry meters, EntryKeys keys,
			UnvouchedEntries unvouched) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.unvouched = unvouched;
		this.meters = meters;
		this.timeoutSeconds = audit.writeTimeoutSeconds();
		JdbcTemplate template = new JdbcTemplate(dataSource);
		template.setQueryTimeout(this.timeoutSeconds);
		this.batch = new NamedParameterJdbcTemplate(template);
	}

	private static final String INSERT = """
			insert into audit_entry (audit_id, occurred_at, action, actor, actor_name, team, instance_id,
			    project_id, backup_name, description, outcome, http_status, code, upstream_status,
			    upstream_error_code, job_id, backup_id, job_status, request_id, idempotency_key, client_ip,
			    user_agent, duration_ms, grant_source, entry_mac, mac_key_id)
			values (:auditId, :occurredAt, :action, :actor, :actorName, :team, :instanceId,
			    :projectId, :backupName, :description, :outcome, :httpStatus, :code, :upstreamStatus,
			    :upstreamErrorCode, :jobId, :backupId, :jobStatus, :requestId, :idempotencyKey, :clientIp,
			    :userAgent, :durationMs, :grant, :entryMac, :macKeyId)
			""";

	void insert(AuditRow row) {
		timed("insert",
				() -> this.jdbc.sql(INSERT)
					.withQueryTimeout(this.timeoutSeconds)
					.paramSource(parameters(row))
					.update());
	}

	/**
	 * {@code gateway.audit.writes}: every write of a request's entry, timed, by operation
	 * and result, so a slow or failing store shows before requests fail
	 * (docs/operations.md).
	 */
	private <T> T timed(String operation, Supplier<T> write) {
		long started = System.nanoTime();
		String result = "failure";
		try {
			T written = write.get();
			result = "success";
			return written;
		}
		finally {
			String tags = result;
			this.timers
				.computeIfAbsent(operation + ' ' + tags,
						(key) -> Timer.builder("gateway.audit.writes")
							.description("writes of request entries to the audit store, by operation and result")
							.tag("operation", operation)
							.tag("result", tags)
							.serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100),
									Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5))
							.register(this.meters))
				.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Inserts rows in one round trip (a JDBC batch), within the caller's transaction.
	 * @param rows the rows
	 */
	void insertAll(List<AuditRow> rows) {
		if (rows.size() == 1) {
			insert(rows.get(0));
			return;
		}
		this.batch.batchUpdate(INSERT, rows.stream().map(this::parameters).toArray(SqlParameterSource[]::new));
	}

	/** The row's columns, with its MAC under the current entry key. */
	private SqlParameterSource parameters(AuditRow row) {
		return new MapSqlParameterSource().addValue("auditId", row.auditId())
			.addValue("entryMac", this.keys.mac(row.asEntry()))
			.addValue("macKeyId", this.keys.currentKeyId())
			.addValue("occurredAt", row.occurredAt())
			.addValue("action", row.action())
			.addValue("actor", row.actor())
			.addValue("actorName", row.actorName())
			.addValue("team", row.team())
			.addValue("instanceId", row.instanceId())
			.addValue("projectId", row.projectId())
			.addValue("backupName", row.backupName())
			.addValue("description", row.description())
			.addValue("outcome", row.outcome().value())
			.addValue("httpStatus", row.httpStatus(), Types.INTEGER)
			.addValue("code", row.code(), Types.VARCHAR)
			.addValue("upstreamStatus", row.upstreamStatus(), Types.INTEGER)
			.addValue("upstreamErrorCode", row.upstreamErrorCode(), Types.VARCHAR)
			.addValue("jobId", row.jobId(), Types.VARCHAR)
			.addValue("backupId", row.backupId(), Types.VARCHAR)
			.addValue("jobStatus", row.jobStatus(), Types.VARCHAR)
			.addValue("requestId", row.requestId(), Types.VARCHAR)
			.addValue("idempotencyKey", row.idempotencyKey(), Types.VARCHAR)
			.addValue("clientIp", row.clientIp(), Types.VARCHAR)
			.addValue("userAgent", row.userAgent(), Types.VARCHAR)
			.addValue("durationMs", row.durationMs(), Types.BIGINT)
			.addValue("grant", row.grant(), Types.VARCHAR);
	}

	/**
	 * Appends a {@code backup.job} entry for the job of a request's entry, carrying that
	 * request's team, instance, actor, request id, job and backup. A request entry the
	 * gateway did not write gets no job entry: its job is not the gateway's to vouch for.
	 * @return whether the request's entry was found, with a job or backup, and vouched
	 * for
	 */
	boolean insertJobEnd(UUID jobEntryId, OffsetDateTime occurredAt, UUID requestEntryId, Outcome outcome,
			String jobStatus) {
		AuditEntry request = stored(requestEntryId);
		if (request == null || (request.jobId() == null && request.backupId() == null) || !vouched(request)) {
			return false;
		}
		insert(AuditRow.of(request).jobEnd(jobEntryId, occurredAt, outcome, jobStatus));
		return true;
	}

	/**
	 * Writes the outcome over a pending entry; a finished entry is never changed.
	 * @return whether a pending entry was found and completed
	 */
	boolean complete(UUID auditId, @Nullable AuditRow written, AuditOutcome outcome) {
		AuditRow pending = written;
		if (pending == null) {
			AuditEntry stored = stored(auditId);
			if (stored == null || !vouched(stored)) {
				return false;
			}
			pending = AuditRow.of(stored);
		}
		AuditEntry completed = pending.completed(outcome).asEntry();
		return timed("complete",
				() -> this.jdbc
					.sql("""
							update audit_entry
							set outcome = :outcome, http_status = :httpStatus, code = :code, upstream_status = :upstreamStatus,
							    upstream_error_code = :upstreamErrorCode, job_id = :jobId, backup_id = coalesce(:backupId, backup_id),
							    job_status = :jobStatus, duration_ms = :durationMs, entry_mac = :entryMac, mac_key_id = :macKeyId
							where audit_id = :auditId and outcome = 'pending'
							""")
					.withQueryTimeout(this.timeoutSeconds)
					.param("auditId", auditId)
					.param("entryMac", this.keys.mac(completed))
					.param("macKeyId", this.keys.currentKeyId())
					.param("outcome", outcome.outcome().value())
					.param("httpStatus", outcome.httpStatus())
					.param("code", outcome.code())
					.param("upstreamStatus", outcome.upstreamStatus())
					.param("upstreamErrorCode", outcome.upstreamErrorCode())
					.param("jobId", outcome.jobId())
					.param("backupId", outcome.backupId())
					.param("jobStatus", outcome.jobStatus())
					.param("durationMs", outcome.durationMs())
					.update() == 1);
	}

	/**
	 * Settles a pending entry from what the cloud lists, leaving the answer a caller got
	 * as it was recorded. A pending entry the gateway did not write is left as it is, for
	 * {@code verify} to name.
	 * @return the settled entry's action, or {@code null} when no pending entry was found
	 * and settled
	 */
	@Nullable String resolve(UUID auditId, Outcome outcome, @Nullable String backupId, @Nullable String jobStatus) {
		AuditEntry stored = stored(auditId);
		if (stored == null || !"pending".equals(stored.outcome()) || !vouched(stored)) {
			return null;
		}
		AuditEntry settled = AuditRow.of(stored).resolved(outcome, backupId, jobStatus).asEntry();
		boolean settledNow = this.jdbc
			.sql("""
					update audit_entry set outcome = :outcome, backup_id = coalesce(:backupId, backup_id), job_status = :jobStatus,
					    entry_mac = :entryMac, mac_key_id = :macKeyId
					where audit_id = :auditId and outcome = 'pending'
					  and ((entry_mac is null and :storedMac is null) or entry_mac = :storedMac)
					""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("auditId", auditId)
			.param("outcome", outcome.value())
			.param("backupId", backupId)
			.param("jobStatus", jobStatus)
			.param("entryMac", this.keys.mac(settled))
			.param("macKeyId", this.keys.currentKeyId())
			.param("storedMac", stored.entryMac())
			.update() == 1;
		return settledNow ? stored.action() : null;
	}

	private @Nullable AuditEntry stored(UUID auditId) {
		return this.jdbc.sql("select " + AuditColumns.AS_STORED + " from audit_entry e where e.audit_id = :auditId")
			.withQueryTimeout(this.timeoutSeconds)
			.param("auditId", auditId)
			.query(AuditColumns.MAPPER)
			.optional()
			.orElse(null);
	}

	/**
	 * Whether the gateway wrote a stored entry as it is; one it did not is flagged, and
	 * nothing is built on it.
	 */
	private boolean vouched(AuditEntry entry) {
		if (this.macFromSeq < 0) {
			this.macFromSeq = this.jdbc.sql("select mac_from_seq from audit_chain_state where id = 1")
				.query(Long.class)
				.single();
		}
		EntryKeys.Verdict verdict = this.keys.check(entry, this.macFromSeq);
		if (!verdict.holds()) {
			this.unvouched.flag(entry, verdict);
		}
		return verdict.holds();
	}

}
