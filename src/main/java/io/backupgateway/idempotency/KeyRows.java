package io.backupgateway.idempotency;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import io.backupgateway.config.IdempotencySettings;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The rows of {@code idempotency_key}: one per (team, actor, key), in flight while its
 * first request runs, then holding that request's answer until it expires.
 */
@Repository
class KeyRows {

	private final JdbcClient jdbc;

	private final int timeoutSeconds;

	KeyRows(JdbcClient jdbc, IdempotencySettings settings) {
		this.jdbc = jdbc;
		this.timeoutSeconds = settings.storeTimeoutSeconds();
	}

	/**
	 * Inserts the row of a key's first request, in flight.
	 * @return whether it was inserted; false when the key already has a row
	 */
	boolean insertInFlight(HeldKey key, String fingerprint, OffsetDateTime now, OffsetDateTime expiresAt) {
		try {
			this.jdbc.sql("""
					insert into idempotency_key (team, actor, idem_key, fingerprint, state, created_at, expires_at)
					values (:team, :actor, :key, :fingerprint, 'in_flight', :now, :expiresAt)
					""")
				.withQueryTimeout(this.timeoutSeconds)
				.param("team", key.team())
				.param("actor", key.actor())
				.param("key", key.key())
				.param("fingerprint", fingerprint)
				.param("now", now)
				.param("expiresAt", expiresAt)
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	Optional<Row> find(HeldKey key) {
		return this.jdbc
			.sql("""
					select fingerprint, state, http_status, code, content_type, body, audit_id, job_id, backup_id, expires_at
					from idempotency_key where team = :team and actor = :actor and idem_key = :key
					""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("team", key.team())
			.param("actor", key.actor())
			.param("key", key.key())
			.query((rs, row) -> new Row(rs.getString("fingerprint").trim(),
					rs.getObject("expires_at", OffsetDateTime.class),
					"done".equals(rs.getString("state")) ? new StoredAnswer(rs.getInt("http_status"),
							rs.getString("code"), rs.getString("content_type"), rs.getString("body"),
							rs.getObject("audit_id", UUID.class), rs.getString("job_id"), rs.getString("backup_id"))
							: null))
			.optional();
	}

	void markDone(HeldKey key, StoredAnswer answer, OffsetDateTime expiresAt) {
		this.jdbc.sql("""
				update idempotency_key set state = 'done', http_status = :status, code = :code,
				    content_type = :contentType, body = :body, audit_id = :auditId, job_id = :jobId,
				    backup_id = :backupId, expires_at = :expiresAt
				where team = :team and actor = :actor and idem_key = :key and state = 'in_flight'
				""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("status", answer.httpStatus())
			.param("code", answer.code())
			.param("contentType", answer.contentType())
			.param("body", answer.body())
			.param("auditId", answer.auditId())
			.param("jobId", answer.jobId())
			.param("backupId", answer.backupId())
			.param("expiresAt", expiresAt)
			.param("team", key.team())
			.param("actor", key.actor())
			.param("key", key.key())
			.update();
	}

	void deleteInFlight(HeldKey key) {
		delete(key, " and state = 'in_flight'", null);
	}

	void deleteIfExpired(HeldKey key, OffsetDateTime now) {
		delete(key, " and expires_at < :now", now);
	}

	int deleteAllExpired(OffsetDateTime now) {
		return this.jdbc.sql("delete from idempotency_key where expires_at < :now")
			.withQueryTimeout(this.timeoutSeconds)
			.param("now", now)
			.update();
	}

	private void delete(HeldKey key, String condition, @Nullable OffsetDateTime now) {
		JdbcClient.StatementSpec delete = this.jdbc
			.sql("delete from idempotency_key where team = :team and actor = :actor and idem_key = :key" + condition)
			.withQueryTimeout(this.timeoutSeconds)
			.param("team", key.team())
			.param("actor", key.actor())
			.param("key", key.key());
		if (now != null) {
			delete.param("now", now);
		}
		delete.update();
	}

	/**
	 * A key's row: what it was used for, until when, and its answer once there is one.
	 *
	 * @param fingerprint what the first request asked for
	 * @param expiresAt when the row may be purged
	 * @param answer the first request's answer; {@code null} while it runs
	 */
	record Row(String fingerprint, OffsetDateTime expiresAt, @Nullable StoredAnswer answer) {
	}

}
