package io.backupgateway.audit.review;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.ReviewReads;
import io.backupgateway.config.AuditSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads of the audit trail for reviewers: keyset pages and single entries, on the
 * reviews' own connections. Entries are newest first by (occurred_at, seq).
 */
@Repository
class AuditQueries {

	private final JdbcClient jdbc;

	private final int timeoutSeconds;

	AuditQueries(ReviewReads reads, AuditSettings settings) {
		this.jdbc = reads.jdbc();
		this.timeoutSeconds = settings.queryTimeoutSeconds();
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
		String sql = "select " + AuditColumns.WITH_LATEST_JOB_STATUS + " from audit_entry e where "
				+ where(filter, teams, cursor, params) + " order by e.occurred_at desc, e.seq desc fetch first " + limit
				+ " rows only";
		return answered(() -> this.jdbc.sql(sql)
			.paramSource(params)
			.withQueryTimeout(this.timeoutSeconds)
			.query(AuditColumns.MAPPER)
			.list());
	}

	Optional<AuditEntry> byId(UUID auditId) {
		return answered(() -> this.jdbc
			.sql("select " + AuditColumns.WITH_LATEST_JOB_STATUS + " from audit_entry e where e.audit_id = :auditId")
			.withQueryTimeout(this.timeoutSeconds)
			.param("auditId", auditId)
			.query(AuditColumns.MAPPER)
			.optional());
	}

	/**
	 * A review answers within {@code gateway.audit.query-timeout} or 503, never 500
	 * (docs/design.md 3.4).
	 */
	static <T> T answered(Supplier<T> query) {
		try {
			return query.get();
		}
		catch (DataAccessResourceFailureException | TransientDataAccessException ex) {
			throw new ReviewTimedOut(ex);
		}
	}

	/**
	 * The condition for a filtered read; fills in its parameters.
	 * @param filter the filters
	 * @param teams the teams the reader may see; {@code null} for every team
	 * @param cursor where the previous page ended, if any
	 * @param params takes the condition's parameters
	 * @return the condition, for {@code where}
	 */
	static String where(AuditFilter filter, @Nullable Set<String> teams, @Nullable AuditCursor cursor,
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
		equal(where, params, "request_id", filter.requestId());
		equal(where, params, "backup_id", filter.backupId());
		equal(where, params, "job_id", filter.jobId());
		equal(where, params, "backup_name", filter.backupName());
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

}
