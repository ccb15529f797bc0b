package io.backupgateway.audit;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.backupgateway.config.GatewayProperties;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for the audit store. Every statement carries the query timeout of
 * {@code gateway.audit.write-timeout}, so a failing store answers in bounded time.
 */
@Repository
class AuditRepository {

	private final JdbcClient jdbc;

	AuditRepository(DataSource dataSource, GatewayProperties properties) {
		JdbcTemplate template = new JdbcTemplate(dataSource);
		long millis = properties.audit().writeTimeout().toMillis();
		template.setQueryTimeout((int) Math.max(1, (millis + 999) / 1000));
		this.jdbc = JdbcClient.create(template);
	}

	void insert(AuditRow row) {
		this.jdbc.sql("""
				insert into audit_entry (audit_id, occurred_at, action, actor, actor_name, team, instance_id,
				    project_id, backup_name, description, outcome, http_status, code, upstream_status,
				    upstream_error_code, job_id, backup_id, job_status, request_id, idempotency_key, client_ip,
				    user_agent, duration_ms)
				values (:auditId, :occurredAt, :action, :actor, :actorName, :team, :instanceId,
				    :projectId, :backupName, :description, :outcome, :httpStatus, :code, :upstreamStatus,
				    :upstreamErrorCode, :jobId, :backupId, :jobStatus, :requestId, :idempotencyKey, :clientIp,
				    :userAgent, :durationMs)
				""")
			.param("auditId", row.auditId())
			.param("occurredAt", row.occurredAt())
			.param("action", row.action())
			.param("actor", row.actor())
			.param("actorName", row.actorName())
			.param("team", row.team())
			.param("instanceId", row.instanceId())
			.param("projectId", row.projectId())
			.param("backupName", row.backupName())
			.param("description", row.description())
			.param("outcome", row.outcome().value())
			.param("httpStatus", row.httpStatus())
			.param("code", row.code())
			.param("upstreamStatus", row.upstreamStatus())
			.param("upstreamErrorCode", row.upstreamErrorCode())
			.param("jobId", row.jobId())
			.param("backupId", row.backupId())
			.param("jobStatus", row.jobStatus())
			.param("requestId", row.requestId())
			.param("idempotencyKey", row.idempotencyKey())
			.param("clientIp", row.clientIp())
			.param("userAgent", row.userAgent())
			.param("durationMs", row.durationMs())
			.update();
	}

	List<OpenJob> openJobs(OffsetDateTime startedBefore, int limit) {
		return this.jdbc.sql("""
				select e.audit_id, e.occurred_at, e.team, e.instance_id, e.project_id, e.actor, e.actor_name,
				    e.request_id, e.job_id, e.backup_id, e.backup_name
				from audit_entry e
				where e.action = 'backup.create' and e.job_status = 'Running' and e.job_id is not null
				  and e.project_id is not null and e.occurred_at < :before
				  and not exists (select 1 from audit_entry j where j.action = 'backup.job' and j.job_id = e.job_id)
				  and e.seq = (select min(f.seq) from audit_entry f
				               where f.action = 'backup.create' and f.job_id = e.job_id)
				order by e.occurred_at
				""" + " fetch first " + limit + " rows only")
			.param("before", startedBefore)
			.query((rs, row) -> new OpenJob(rs.getObject("audit_id", UUID.class),
					rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("team"),
					rs.getString("instance_id"), rs.getString("project_id"), rs.getString("actor"),
					rs.getString("actor_name"), rs.getString("request_id"), rs.getString("job_id"),
					rs.getString("backup_id"), rs.getString("backup_name")))
			.list();
	}

	Optional<StartedJob> startedJob(String team, String jobId) {
		return this.jdbc
			.sql("""
					select e.job_id, e.instance_id, e.project_id, e.backup_id,
					    coalesce((select j.job_status from audit_entry j where j.action = 'backup.job' and j.job_id = e.job_id
					              order by j.seq desc fetch first 1 rows only), e.job_status) as job_status
					from audit_entry e
					where e.action = 'backup.create' and e.outcome = 'accepted' and e.team = :team and e.job_id = :jobId
					  and e.project_id is not null
					order by e.seq fetch first 1 rows only
					""")
			.param("team", team)
			.param("jobId", jobId)
			.query((rs, row) -> new StartedJob(rs.getString("job_id"), rs.getString("instance_id"),
					rs.getString("project_id"), rs.getString("backup_id"), rs.getString("job_status")))
			.optional();
	}

	List<PendingAttempt> pendingBefore(OffsetDateTime before, int limit) {
		return this.jdbc.sql("""
				select audit_id, occurred_at, instance_id, project_id, backup_name
				from audit_entry where outcome = 'pending' and occurred_at < :before
				order by occurred_at
				""" + " fetch first " + limit + " rows only")
			.param("before", before)
			.query((rs, row) -> new PendingAttempt(rs.getObject("audit_id", UUID.class),
					rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("instance_id"),
					rs.getString("project_id"), rs.getString("backup_name")))
			.list();
	}

	/**
	 * Writes the outcome over a pending entry; a finished entry is never changed.
	 * @return whether a pending entry was found and completed
	 */
	boolean complete(UUID auditId, AuditOutcome outcome) {
		return this.jdbc.sql("""
				update audit_entry
				set outcome = :outcome, http_status = :httpStatus, code = :code, upstream_status = :upstreamStatus,
				    upstream_error_code = :upstreamErrorCode, job_id = :jobId, backup_id = :backupId,
				    job_status = :jobStatus, duration_ms = :durationMs
				where audit_id = :auditId and outcome = 'pending'
				""")
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
			.update() == 1;
	}

}
