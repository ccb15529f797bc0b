package io.backupgateway.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.backupgateway.config.AuditSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the trail says about recent {@code backup.create} requests, for the team quota and
 * the backup-in-progress rule (docs/design.md 3.4). Both count {@code accepted} and
 * {@code pending} entries: a pending one may have created a backup.
 */
@Component
public class RecentCreates {

	private final JdbcClient jdbc;

	private final int timeoutSeconds;

	RecentCreates(JdbcClient jdbc, AuditSettings audit) {
		this.jdbc = jdbc;
		this.timeoutSeconds = audit.writeTimeoutSeconds();
	}

	/**
	 * The team's creates that count for its quota since a time.
	 * @param team the team
	 * @param since the start of the window, exclusive
	 * @return how many, and when the oldest of them arrived
	 */
	public Window window(String team, Instant since) {
		return this.jdbc.sql("""
				select count(*) as counted, min(occurred_at) as oldest from audit_entry
				where team = :team and action = 'backup.create' and outcome in ('accepted', 'pending')
				  and occurred_at > :since
				""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("team", team)
			.param("since", since.atOffset(ZoneOffset.UTC))
			.query((rs, row) -> {
				OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
				return new Window(rs.getLong("counted"), (oldest != null) ? oldest.toInstant() : null);
			})
			.single();
	}

	/**
	 * Whether a backup this gateway started on an instance is still in progress: an
	 * {@code accepted} entry whose job has not ended, or a {@code pending} one. An entry
	 * settled from the backup list has no job id and counts as finished.
	 * @param instanceId the instance
	 * @return whether one is in progress
	 */
	public boolean inProgress(String instanceId) {
		return this.jdbc.sql("""
				select count(*) from audit_entry e
				where e.instance_id = :instanceId and e.action = 'backup.create'
				  and (e.outcome = 'pending'
				       or (e.outcome = 'accepted' and e.job_id is not null and e.job_status = 'Running'
				           and not exists (select 1 from audit_entry j
				                           where j.action = 'backup.job' and j.job_id = e.job_id)))
				""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("instanceId", instanceId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * The creates counted in a quota window.
	 *
	 * @param counted how many
	 * @param oldest when the oldest arrived; {@code null} when none
	 */
	public record Window(long counted, @Nullable Instant oldest) {
	}

}
