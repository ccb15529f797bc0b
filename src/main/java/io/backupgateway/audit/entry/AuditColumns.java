package io.backupgateway.audit.entry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.RowMapper;

/**
 * How an {@link AuditEntry} is selected from {@code audit_entry e} and mapped back, by
 * column name. Every select names the same columns; they differ only in where a request's
 * {@code job_status} comes from (docs/design.md 3.4: the latest {@code backup.job} entry
 * of its job, if any, else what the entry itself recorded).
 */
public final class AuditColumns {

	/** Every stored member except {@code job_status}, and the chain's members. */
	private static final String STORED = """
			e.seq, e.audit_id, e.occurred_at, e.action, e.actor, e.actor_name, e.team, e.instance_id, e.project_id,
			e.backup_name, e.description, e.outcome, e.http_status, e.code, e.upstream_status, e.upstream_error_code,
			e.job_id, e.backup_id, e.request_id, e.idempotency_key, e.client_ip, e.user_agent, e.duration_ms,
			e.grant_source, e.chain_seq, e.entry_hash, e.chain_hash, e.entry_mac, e.mac_key_id,
			""";

	/** For pages and single entries: the job status from one indexed lookup per row. */
	public static final String WITH_LATEST_JOB_STATUS = STORED + """
			coalesce((select j.job_status from audit_entry j
			          where e.action in ('backup.create', 'backup.delete') and e.job_id is not null
			            and j.job_id = e.job_id and j.action = 'backup.job'
			          order by j.seq desc fetch first 1 rows only),
			         (select j.job_status from audit_entry j
			          where e.action = 'backup.create' and e.job_id is null and e.backup_id is not null
			            and j.job_id is null and j.backup_id = e.backup_id and j.action = 'backup.job'
			          order by j.seq desc fetch first 1 rows only), e.job_status) as job_status
			""";

	/** The stored columns, with the entry's own job status: what sealing hashed. */
	public static final String AS_STORED = STORED + "e.job_status\n";

	/**
	 * For exports, with {@code from audit_entry e}: the job status taken from one hash
	 * join over the latest {@code backup.job} entry of each job, not from one lookup per
	 * row.
	 */
	public static final String JOINED_WITH_LATEST_JOB_STATUS = STORED + """
			coalesce(lj.job_status, lb.job_status, e.job_status) as job_status
			from audit_entry e
			left join (select j.job_id, j.job_status from audit_entry j
			           join (select job_id, max(seq) as seq from audit_entry where action = 'backup.job'
			                 group by job_id) latest on latest.seq = j.seq) lj
			  on e.action in ('backup.create', 'backup.delete') and lj.job_id = e.job_id
			left join (select j.backup_id, j.job_status from audit_entry j
			           join (select backup_id, max(seq) as seq from audit_entry
			                 where action = 'backup.job' and job_id is null group by backup_id) latest
			             on latest.seq = j.seq) lb
			  on e.action = 'backup.create' and e.job_id is null and lb.backup_id = e.backup_id
			""";

	/** Maps a row selected with any of the column lists above. */
	public static final RowMapper<AuditEntry> MAPPER = (rs, row) -> {
		OffsetDateTime occurredAt = rs.getObject("occurred_at", OffsetDateTime.class);
		return new AuditEntry(rs.getString("audit_id"), AuditEntry.format(occurredAt), rs.getString("action"),
				rs.getString("actor"), rs.getString("actor_name"), rs.getString("team"), rs.getString("instance_id"),
				rs.getString("project_id"), rs.getString("backup_name"), rs.getString("description"),
				rs.getString("outcome"), integer(rs, "http_status"), rs.getString("code"),
				integer(rs, "upstream_status"), rs.getString("upstream_error_code"), rs.getString("job_id"),
				rs.getString("backup_id"), rs.getString("job_status"), rs.getString("request_id"),
				rs.getString("idempotency_key"), rs.getString("client_ip"), rs.getString("user_agent"),
				longValue(rs, "duration_ms"), rs.getString("grant_source"), rs.getLong("seq"), occurredAt,
				longValue(rs, "chain_seq"), rs.getString("entry_hash"), rs.getString("chain_hash"),
				trimmed(rs.getString("entry_mac")), trimmed(rs.getString("mac_key_id")));
	};

	private AuditColumns() {
	}

	/** Fixed-width columns come back padded on some stores. */
	private static @Nullable String trimmed(@Nullable String value) {
		return (value != null) ? value.trim() : null;
	}

	private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Long longValue(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

}
