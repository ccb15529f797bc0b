package io.backupgateway.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.backupgateway.config.AuditSettings;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The queries behind {@link AuditFollowUp}'s reads: the jobs whose end is not recorded,
 * the pending entries, the settled entries whose backup still builds, and the jobs this
 * gateway started for a team. Inside the audit module, which owns the table.
 */
@Repository
class JobLedger {

	private final JdbcClient jdbc;

	private final int timeoutSeconds;

	JobLedger(JdbcClient jdbc, AuditSettings audit) {
		this.jdbc = jdbc;
		this.timeoutSeconds = audit.writeTimeoutSeconds();
	}

	/**
	 * Jobs started before a time whose end is not recorded, oldest first.
	 * @param startedBefore only requests older than this
	 * @param limit how many at most
	 * @return the open jobs
	 */
	List<OpenJob> openJobs(Instant startedBefore, int limit) {
		return this.jdbc
			.sql("""
					select e.audit_id, e.occurred_at, e.instance_id, e.project_id, e.job_id, e.action
					from audit_entry e
					where e.action in ('backup.create', 'backup.delete') and e.job_status = 'Running' and e.job_id is not null
					  and e.project_id is not null and e.occurred_at < :before and not e.unvouched
					  and not exists (select 1 from audit_entry j where j.action = 'backup.job' and j.job_id = e.job_id)
					  and e.seq = (select min(f.seq) from audit_entry f
					               where f.action in ('backup.create', 'backup.delete') and f.job_id = e.job_id)
					order by e.occurred_at
					"""
					+ " fetch first " + limit + " rows only")
			.withQueryTimeout(this.timeoutSeconds)
			.param("before", startedBefore.atOffset(ZoneOffset.UTC))
			.query((rs, row) -> new OpenJob(rs.getObject("audit_id", UUID.class),
					rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("instance_id"),
					rs.getString("project_id"), rs.getString("job_id"), rs.getString("action")))
			.list();
	}

	/**
	 * Pending entries recorded before a time, oldest first.
	 * @param before only entries older than this
	 * @param limit how many at most
	 * @return the pending attempts
	 */
	List<PendingAttempt> pendingBefore(Instant before, int limit) {
		return this.jdbc.sql("""
				select audit_id, occurred_at, instance_id, project_id, backup_name, http_status, action, backup_id
				from audit_entry where outcome = 'pending' and occurred_at < :before and not unvouched
				order by occurred_at
				""" + " fetch first " + limit + " rows only")
			.withQueryTimeout(this.timeoutSeconds)
			.param("before", before.atOffset(ZoneOffset.UTC))
			.query((rs, row) -> new PendingAttempt(rs.getObject("audit_id", UUID.class),
					rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("instance_id"),
					rs.getString("project_id"), rs.getString("backup_name"), rs.getObject("http_status") != null,
					rs.getString("action"), rs.getString("backup_id")))
			.list();
	}

	/**
	 * Accepted creates settled from the backup list while their backup was still
	 * building: they have no job to follow, so their backup is followed instead
	 * (docs/design.md section 6, crash recovery), oldest first.
	 * @param limit how many at most
	 * @return the entries whose backup's end is not recorded yet
	 */
	List<BuildingBackup> buildingWithoutJob(int limit) {
		return this.jdbc
			.sql("""
					select e.audit_id, e.occurred_at, e.instance_id, e.project_id, e.backup_id
					from audit_entry e
					where e.action = 'backup.create' and e.outcome = 'accepted' and e.job_id is null
					  and e.backup_id is not null and e.job_status = 'Running' and e.project_id is not null and not e.unvouched
					  and not exists (select 1 from audit_entry j where j.action = 'backup.job' and j.backup_id = e.backup_id)
					order by e.occurred_at
					"""
					+ " fetch first " + limit + " rows only")
			.withQueryTimeout(this.timeoutSeconds)
			.query((rs, row) -> new BuildingBackup(rs.getObject("audit_id", UUID.class),
					rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("instance_id"),
					rs.getString("project_id"), rs.getString("backup_id")))
			.list();
	}

	/**
	 * A job this gateway started for a team.
	 * @param team the team
	 * @param jobId the job id
	 * @return the job as the trail records it, or empty when the gateway did not start it
	 * for that team
	 */
	Optional<StartedJob> startedJob(String team, String jobId) {
		return this.jdbc
			.sql("""
					select e.job_id, e.instance_id, e.project_id, e.backup_id,
					    coalesce((select j.job_status from audit_entry j where j.action = 'backup.job' and j.job_id = e.job_id
					              order by j.seq desc fetch first 1 rows only), e.job_status) as job_status
					from audit_entry e
					where e.action in ('backup.create', 'backup.delete') and e.outcome = 'accepted' and e.team = :team and e.job_id = :jobId
					  and e.project_id is not null and not e.unvouched
					order by e.seq fetch first 1 rows only
					""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("team", team)
			.param("jobId", jobId)
			.query((rs, row) -> new StartedJob(rs.getString("job_id"), rs.getString("instance_id"),
					rs.getString("project_id"), rs.getString("backup_id"), rs.getString("job_status")))
			.optional();
	}

}
