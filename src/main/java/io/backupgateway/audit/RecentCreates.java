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

	/**
	 * The most attempts admitted in one transaction, which the bound must leave room for.
	 */
	public static final int MAX_ADMITTED_AT_ONCE = 64;

	private final JdbcClient jdbc;

	private final int timeoutSeconds;

	RecentCreates(JdbcClient jdbc, AuditSettings audit) {
		this.jdbc = jdbc;
		this.timeoutSeconds = audit.writeTimeoutSeconds();
	}

	/**
	 * The team's creates that count for its quota since a time, as far as the quota needs
	 * them. Counting is skipped when the whole trail has written fewer than half the
	 * quota's entries since then (two index lookups: the entries' sequence numbers bound
	 * how many any team can have), so a generous quota costs nothing however busy the
	 * hour was; otherwise the newest creates are counted, at most as many as the quota.
	 * The half is a margin for replicas whose clocks differ: an entry stamped slightly
	 * out of order with its sequence number cannot push a team over its quota unseen.
	 * @param team the team
	 * @param since the start of the window, exclusive
	 * @param max the team's quota
	 * @return how many (an upper bound, or exact when it matters), and when the oldest of
	 * those counted arrived: when it leaves the window, a slot is free again
	 */
	public Window window(String team, Instant since, int max) {
		long bound = entriesSince(since);
		if (bound < max / 2 - MAX_ADMITTED_AT_ONCE) {
			return new Window(bound, null);
		}
		return this.jdbc.sql("""
				select count(*) as counted, min(occurred_at) as oldest from (
				  select occurred_at from audit_entry
				  where team = :team and action = 'backup.create' and outcome in ('accepted', 'pending')
				    and occurred_at > :since and not unvouched
				  order by occurred_at desc
				  fetch first :max rows only) newest
				""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("team", team)
			.param("since", since.atOffset(ZoneOffset.UTC))
			.param("max", max)
			.query((rs, row) -> {
				OffsetDateTime oldest = rs.getObject("oldest", OffsetDateTime.class);
				return new Window(rs.getLong("counted"), (oldest != null) ? oldest.toInstant() : null);
			})
			.single();
	}

	/**
	 * How many entries, of any team and action, the trail has at most since a time: one
	 * statement, so admitting an attempt costs one round trip fewer.
	 */
	private long entriesSince(Instant since) {
		return this.jdbc
			.sql("""
					select coalesce((select max(seq) from audit_entry)
					    - (select seq from audit_entry where occurred_at > :since order by occurred_at, seq fetch first 1 rows only)
					    + 1, 0)
					""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("since", since.atOffset(ZoneOffset.UTC))
			.query(Long.class)
			.single();
	}

	/**
	 * Whether a backup this gateway started on an instance is still in progress: an
	 * {@code accepted} entry whose job has not ended, or a {@code pending} one; an entry
	 * settled from the backup list has no job id and counts while its backup builds. An
	 * entry the gateway did not write counts for nothing.
	 * @param instanceId the instance
	 * @return whether one is in progress
	 */
	public boolean inProgress(String instanceId) {
		return this.jdbc.sql("""
				select count(*) from audit_entry e
				where e.instance_id = :instanceId and e.action = 'backup.create' and not e.unvouched
				  and (e.outcome = 'pending'
				       or (e.outcome = 'accepted' and e.job_id is not null and e.job_status = 'Running'
				           and not exists (select 1 from audit_entry j
				                           where j.action = 'backup.job' and j.job_id = e.job_id))
				       or (e.outcome = 'accepted' and e.job_id is null and e.backup_id is not null
				           and e.job_status = 'Running'
				           and not exists (select 1 from audit_entry j
				                           where j.action = 'backup.job' and j.backup_id = e.backup_id)))
				""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("instanceId", instanceId)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Whether a deletion of the backup was recorded and its request has not been answered
	 * yet. A deletion the cloud answered ambiguously stays {@code pending} until it is
	 * settled, but it has been answered (its {@code http_status} is set): a retry may go.
	 * @param backupId the backup
	 * @return whether one is
	 */
	public boolean deletionInFlight(String backupId) {
		return this.jdbc.sql("""
				select count(*) from audit_entry e
				where e.backup_id = :backupId and e.action = 'backup.delete' and e.outcome = 'pending'
				  and e.http_status is null
				""").withQueryTimeout(this.timeoutSeconds).param("backupId", backupId).query(Long.class).single() > 0;
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
