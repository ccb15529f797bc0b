package io.backupgateway.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

	/** The members before {@code job_status}, in the order {@link #MAPPER} reads them. */
	private static final String LEADING = """
			e.seq, e.audit_id, e.occurred_at, e.action, e.actor, e.actor_name, e.team, e.instance_id, e.project_id,
			e.backup_name, e.description, e.outcome, e.http_status, e.code, e.upstream_status, e.upstream_error_code,
			e.job_id, e.backup_id,
			""";

	/** The members after {@code job_status}, and the chain's. */
	private static final String TRAILING = """
			e.request_id, e.idempotency_key, e.client_ip, e.user_agent, e.duration_ms,
			e.chain_seq, e.entry_hash, e.chain_hash
			""";

	/** For pages and single entries: the job status from one indexed lookup per row. */
	static final String COLUMNS = LEADING + """
			coalesce((select j.job_status from audit_entry j
			          where e.action = 'backup.create' and e.job_id is not null
			            and j.job_id = e.job_id and j.action = 'backup.job'
			          order by j.seq desc fetch first 1 rows only), e.job_status) as job_status,
			""" + TRAILING;

	/** The stored columns, with the entry's own job status: what sealing hashed. */
	static final String RAW_COLUMNS = LEADING + "e.job_status,\n" + TRAILING;

	/**
	 * For exports: the job status taken from one hash join over the latest
	 * {@code backup.job} entry of each job, not from one lookup per row.
	 */
	static final String EXPORT_FROM = LEADING + "coalesce(lj.job_status, e.job_status) as job_status,\n" + TRAILING
			+ """
					from audit_entry e
					left join (select j.job_id, j.job_status from audit_entry j
					           join (select job_id, max(seq) as seq from audit_entry where action = 'backup.job'
					                 group by job_id) latest on latest.seq = j.seq) lj
					  on e.action = 'backup.create' and lj.job_id = e.job_id
					""";

	private static final int EXPORT_FETCH_SIZE = 2000;

	private static final int EXPORT_QUEUE = 4;

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
	 * Streams every matching entry, newest first, in constant memory: rows come from a
	 * database cursor in batches. A second thread reads the cursor while the caller's
	 * thread writes, so the database and the response work at the same time; at most
	 * {@link #EXPORT_QUEUE} batches wait between them.
	 * @param filter the filters
	 * @param teams the teams the reader may see; {@code null} for every team
	 * @param sink takes each entry; an exception from it stops the export and the query
	 */
	void stream(AuditFilter filter, @Nullable Set<String> teams, Consumer<AuditEntry> sink) {
		if (teams != null && teams.isEmpty()) {
			return;
		}
		MapSqlParameterSource params = new MapSqlParameterSource();
		String sql = "select " + EXPORT_FROM + " where " + where(filter, teams, null, params)
				+ " order by e.occurred_at desc, e.seq desc";
		BlockingQueue<List<AuditEntry>> queue = new ArrayBlockingQueue<>(EXPORT_QUEUE);
		AtomicBoolean stopped = new AtomicBoolean();
		AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();
		Thread reading = new Thread(() -> {
			try {
				this.readOnly.executeWithoutResult((status) -> {
					List<AuditEntry> batch = new ArrayList<>(EXPORT_FETCH_SIZE);
					this.streaming.query(sql, params, (ResultSet rs) -> {
						batch.add(MAPPER.mapRow(rs, 0));
						if (batch.size() == EXPORT_FETCH_SIZE) {
							hand(queue, new ArrayList<>(batch), stopped);
							batch.clear();
						}
					});
					hand(queue, batch, stopped);
				});
			}
			catch (RuntimeException ex) {
				failure.set(ex);
			}
			finally {
				hand(queue, END, stopped);
			}
		}, "audit-export");
		reading.setDaemon(true);
		reading.start();
		try {
			for (List<AuditEntry> batch = take(queue); batch != END; batch = take(queue)) {
				batch.forEach(sink);
			}
		}
		finally {
			stopped.set(true);
			queue.clear();
			join(reading);
		}
		RuntimeException failed = failure.get();
		if (failed != null && !(failed instanceof ExportStopped)) {
			throw failed;
		}
	}

	/** Marks the end of an export's batches. */
	private static final List<AuditEntry> END = new ArrayList<>(0);

	private static void hand(BlockingQueue<List<AuditEntry>> queue, List<AuditEntry> batch, AtomicBoolean stopped) {
		try {
			while (!queue.offer(batch, 100, TimeUnit.MILLISECONDS)) {
				if (stopped.get()) {
					if (batch == END) {
						return;
					}
					throw new ExportStopped();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ExportStopped();
		}
	}

	private static List<AuditEntry> take(BlockingQueue<List<AuditEntry>> queue) {
		try {
			return queue.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ExportStopped();
		}
	}

	private static void join(Thread thread) {
		try {
			thread.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The writing side stopped (the client went away): the query is abandoned. */
	private static final class ExportStopped extends RuntimeException {

		ExportStopped() {
			super("export stopped", null, false, false);
		}

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

	/**
	 * Maps a row selected with the column order of {@link #COLUMNS}; by position, for
	 * speed.
	 */
	static final RowMapper<AuditEntry> MAPPER = (rs, row) -> {
		OffsetDateTime occurredAt = rs.getObject(3, OffsetDateTime.class);
		return new AuditEntry(rs.getString(2), AuditEntry.format(occurredAt), rs.getString(4), rs.getString(5),
				rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
				rs.getString(12), integer(rs, 13), rs.getString(14), integer(rs, 15), rs.getString(16),
				rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21),
				rs.getString(22), rs.getString(23), longValue(rs, 24), rs.getLong(1), occurredAt, longValue(rs, 25),
				rs.getString(26), rs.getString(27));
	};

	private static @Nullable Integer integer(ResultSet rs, int column) throws SQLException {
		int value = rs.getInt(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Long longValue(ResultSet rs, int column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

}
