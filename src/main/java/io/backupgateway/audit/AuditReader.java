package io.backupgateway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reads of the audit trail: keyset pages, single entries and streamed exports. Entries
 * are newest first by (occurred_at, seq); a request's {@code job_status} is the latest
 * {@code backup.job} entry of its job, if any, else what the entry itself recorded.
 */
@Repository
class AuditReader {

	static final String COLUMNS = """
			e.seq, e.audit_id, e.occurred_at, e.action, e.actor, e.actor_name, e.team, e.instance_id, e.project_id,
			e.backup_name, e.description, e.outcome, e.http_status, e.code, e.upstream_status, e.upstream_error_code,
			e.job_id, e.backup_id,
			coalesce((select j.job_status from audit_entry j
			          where e.action = 'backup.create' and e.job_id is not null
			            and j.job_id = e.job_id and j.action = 'backup.job'
			          order by j.seq desc fetch first 1 rows only), e.job_status) as job_status,
			e.request_id, e.idempotency_key, e.client_ip, e.user_agent, e.duration_ms,
			e.chain_seq, e.entry_hash, e.chain_hash
			""";

	private static final int EXPORT_FETCH_SIZE = 1000;

	private final NamedParameterJdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate streaming;

	private final TransactionTemplate readOnly;

	AuditReader(DataSource dataSource, PlatformTransactionManager transactions) {
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
		JdbcTemplate fetching = new JdbcTemplate(dataSource);
		fetching.setFetchSize(EXPORT_FETCH_SIZE);
		this.streaming = new NamedParameterJdbcTemplate(fetching);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * One page, newest first.
	 * @param filter the filters
	 * @param teams the teams the reader may see; {@code null} for every team
	 * @param cursor where the previous page ended, if any
	 * @param limit the page size
	 * @return up to {@code limit} entries
	 */
	List<AuditEntry> page(AuditFilter filter, @Nullable Set<String> teams, @Nullable AuditCursor cursor, int limit) {
		if (teams != null && teams.isEmpty()) {
			return List.of();
		}
		MapSqlParameterSource params = new MapSqlParameterSource();
		String sql = "select " + COLUMNS + " from audit_entry e where " + where(filter, teams, cursor, params)
				+ " order by e.occurred_at desc, e.seq desc fetch first " + limit + " rows only";
		return this.jdbc.query(sql, params, MAPPER);
	}

	Optional<AuditEntry> byId(UUID auditId) {
		return this.jdbc
			.query("select " + COLUMNS + " from audit_entry e where e.audit_id = :auditId",
					new MapSqlParameterSource("auditId", auditId), MAPPER)
			.stream()
			.findFirst();
	}

	/**
	 * Streams every matching entry, newest first, in constant memory: rows are fetched
	 * from a database cursor in batches and handed on one by one.
	 */
	void stream(AuditFilter filter, @Nullable Set<String> teams, Consumer<AuditEntry> sink) {
		if (teams != null && teams.isEmpty()) {
			return;
		}
		MapSqlParameterSource params = new MapSqlParameterSource();
		String sql = "select " + COLUMNS + " from audit_entry e where " + where(filter, teams, null, params)
				+ " order by e.occurred_at desc, e.seq desc";
		this.readOnly.executeWithoutResult(
				(status) -> this.streaming.query(sql, params, (ResultSet rs) -> sink.accept(MAPPER.mapRow(rs, 0))));
	}

	private static String where(AuditFilter filter, @Nullable Set<String> teams, @Nullable AuditCursor cursor,
			MapSqlParameterSource params) {
		StringBuilder where = new StringBuilder("1 = 1");
		if (teams != null) {
			where.append(" and e.team in (:teams)");
			params.addValue("teams", teams);
		}
		equal(where, params, "team", filter.team());
		equal(where, params, "instance_id", filter.instanceId());
		equal(where, params, "actor", filter.actor());
		equal(where, params, "action", filter.action());
		equal(where, params, "outcome", filter.outcome());
		if (filter.from() != null) {
			where.append(" and e.occurred_at >= :from");
			params.addValue("from", filter.from());
		}
		if (filter.to() != null) {
			where.append(" and e.occurred_at < :to");
			params.addValue("to", filter.to());
		}
		if (cursor != null) {
			where.append(" and (e.occurred_at, e.seq) < (:cursorAt, :cursorSeq)");
			params.addValue("cursorAt", cursor.occurredAt());
			params.addValue("cursorSeq", cursor.seq());
		}
		return where.toString();
	}

	private static void equal(StringBuilder where, MapSqlParameterSource params, String column,
			@Nullable String value) {
		if (value != null) {
			where.append(" and e.").append(column).append(" = :").append(column);
			params.addValue(column, value);
		}
	}

	static final RowMapper<AuditEntry> MAPPER = (rs, row) -> {
		OffsetDateTime occurredAt = rs.getObject("occurred_at", OffsetDateTime.class);
		return new AuditEntry(rs.getObject("audit_id").toString(), AuditEntry.format(occurredAt),
				rs.getString("action"), rs.getString("actor"), rs.getString("actor_name"), rs.getString("team"),
				rs.getString("instance_id"), rs.getString("project_id"), rs.getString("backup_name"),
				rs.getString("description"), rs.getString("outcome"), integer(rs, "http_status"), rs.getString("code"),
				integer(rs, "upstream_status"), rs.getString("upstream_error_code"), rs.getString("job_id"),
				rs.getString("backup_id"), rs.getString("job_status"), rs.getString("request_id"),
				rs.getString("idempotency_key"), rs.getString("client_ip"), rs.getString("user_agent"),
				longValue(rs, "duration_ms"), rs.getLong("seq"), occurredAt, longValue(rs, "chain_seq"),
				rs.getString("entry_hash"), rs.getString("chain_hash"));
	};

	private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Long longValue(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

}
