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

	AuditRepository(JdbcClient jdbc, DataSource dataSource, AuditSettings audit, MeterRegistry meters) {
		this.jdbc = jdbc;
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
			    user_agent, duration_ms)
			values (:auditId, :occurredAt, :action, :actor, :actorName, :team, :instanceId,
			    :projectId, :backupName, :description, :outcome, :httpStatus, :code, :upstreamStatus,
			    :upstreamErrorCode, :jobId, :backupId, :jobStatus, :requestId, :idempotencyKey, :clientIp,
			    :userAgent, :durationMs)
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
		this.batch.batchUpdate(INSERT,
				rows.stream().map(AuditRepository::parameters).toArray(SqlParameterSource[]::new));
	}

	private static SqlParameterSource parameters(AuditRow row) {
		return new MapSqlParameterSource().addValue("auditId", row.auditId())
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
			.addValue("durationMs", row.durationMs(), Types.BIGINT);
	}

	/**
	 * Appends a {@code backup.job} entry for the job of a request's entry, carrying that
	 * request's team, instance, actor, request id, job and backup.
	 * @return whether the request's entry was found
	 */
	boolean insertJobEnd(UUID jobEntryId, OffsetDateTime occurredAt, UUID requestEntryId, Outcome outcome,
			String jobStatus) {
		return this.jdbc.sql("""
				insert into audit_entry (audit_id, occurred_at, action, actor, actor_name, team, instance_id,
				    project_id, backup_name, outcome, job_id, backup_id, job_status, request_id)
				select :auditId, :occurredAt, :action, r.actor, r.actor_name, r.team, r.instance_id,
				    r.project_id, r.backup_name, :outcome, r.job_id, r.backup_id, :jobStatus, r.request_id
				from audit_entry r where r.audit_id = :requestEntryId
				  and (r.job_id is not null or r.backup_id is not null)
				""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("auditId", jobEntryId)
			.param("occurredAt", occurredAt)
			.param("action", AuditLog.ACTION_BACKUP_JOB)
			.param("outcome", outcome.value())
			.param("jobStatus", jobStatus)
			.param("requestEntryId", requestEntryId)
			.update() == 1;
	}

	/**
	 * Writes the outcome over a pending entry; a finished entry is never changed.
	 * @return whether a pending entry was found and completed
	 */
	boolean complete(UUID auditId, AuditOutcome outcome) {
		return timed("complete",
				() -> this.jdbc
					.sql("""
							update audit_entry
							set outcome = :outcome, http_status = :httpStatus, code = :code, upstream_status = :upstreamStatus,
							    upstream_error_code = :upstreamErrorCode, job_id = :jobId, backup_id = coalesce(:backupId, backup_id),
							    job_status = :jobStatus, duration_ms = :durationMs
							where audit_id = :auditId and outcome = 'pending'
							""")
					.withQueryTimeout(this.timeoutSeconds)
					.param("auditId", auditId)
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
	 * as it was recorded.
	 * @return whether a pending entry was found and settled
	 */
	boolean resolve(UUID auditId, Outcome outcome, @Nullable String backupId, @Nullable String jobStatus) {
		return this.jdbc
			.sql("""
					update audit_entry set outcome = :outcome, backup_id = coalesce(:backupId, backup_id), job_status = :jobStatus
					where audit_id = :auditId and outcome = 'pending'
					""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("auditId", auditId)
			.param("outcome", outcome.value())
			.param("backupId", backupId)
			.param("jobStatus", jobStatus)
			.update() == 1;
	}

}
