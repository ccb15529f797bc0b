package io.backupgateway.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.config.AuditSettings;
import io.backupgateway.config.IdempotencySettings;
import io.backupgateway.web.GatewayException;
import io.backupgateway.web.ProblemCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code Idempotency-Key}s in the shared database (docs/design.md 3.4), scoped to team
 * and actor. The first request with a key inserts its row, in flight; the unique key
 * makes every concurrent one with the same key, on any replica, find that row instead: a
 * different request is {@code idempotency-conflict}, the same one still running is
 * {@code idempotency-in-progress}, the same one finished gets the stored answer.
 */
@Component
public class IdempotencyKeys {

	private static final Logger log = LoggerFactory.getLogger(IdempotencyKeys.class);

	private final JdbcClient jdbc;

	private final IdempotencySettings settings;

	private final BackgroundPasses passes;

	private final Clock clock;

	private final int timeoutSeconds;

	IdempotencyKeys(JdbcClient jdbc, IdempotencySettings settings, BackgroundPasses passes, Clock clock,
			AuditSettings audit) {
		this.jdbc = jdbc;
		this.settings = settings;
		this.passes = passes;
		this.clock = clock;
		this.timeoutSeconds = audit.writeTimeoutSeconds();
	}

	/**
	 * Claims a key for a request, or finds the answer its first use got.
	 * @param request the request's idempotency state; it holds the key when claimed
	 * @param team the team
	 * @param actor the caller's {@code sub}
	 * @param key the key
	 * @param fingerprint what the request asks for, from {@link #fingerprint}
	 * @return empty when the request now holds the key and goes on; the stored answer
	 * when it is a replay
	 * @throws GatewayException {@code idempotency-conflict} for another request with the
	 * key, {@code idempotency-in-progress} while its first use runs,
	 * {@code audit-unavailable} when the store cannot be used
	 */
	public Optional<StoredAnswer> claim(IdempotentRequest request, String team, String actor, String key,
			String fingerprint) {
		try {
			for (int attempt = 0; attempt < 2; attempt++) {
				if (insert(team, actor, key, fingerprint)) {
					request.hold(new HeldKey(team, actor, key));
					return Optional.empty();
				}
				Optional<Stored> existing = find(team, actor, key);
				if (existing.isEmpty() || existing.get().expiresAt().isBefore(now())) {
					deleteExpired(team, actor, key);
					continue;
				}
				return Optional.of(answerOf(existing.get(), fingerprint));
			}
			throw inProgress();
		}
		catch (DataAccessException ex) {
			log.error("Idempotency keys unavailable: request refused ({})", ex.getClass().getSimpleName());
			throw new GatewayException(ProblemCode.AUDIT_UNAVAILABLE,
					"The store of idempotency keys could not be used; nothing was sent to the cloud.", ex);
		}
	}

	private static StoredAnswer answerOf(Stored stored, String fingerprint) {
		if (!stored.fingerprint().equals(fingerprint)) {
			throw new GatewayException(ProblemCode.IDEMPOTENCY_CONFLICT,
					"This Idempotency-Key was used with a different request.");
		}
		if (stored.answer() == null) {
			throw inProgress();
		}
		return stored.answer();
	}

	private static GatewayException inProgress() {
		return new GatewayException(ProblemCode.IDEMPOTENCY_IN_PROGRESS,
				"A request with this Idempotency-Key is still being processed; retry later.");
	}

	/**
	 * Keeps the answer a key's request got, for {@code gateway.idempotency.retention}.
	 * @param request the request, which holds the key
	 * @param httpStatus the status sent
	 * @param contentType the content type sent
	 * @param body the body sent
	 */
	void keep(IdempotentRequest request, int httpStatus, String contentType, String body) {
		HeldKey held = request.held();
		if (held == null) {
			return;
		}
		this.jdbc.sql("""
				update idempotency_key set state = 'done', http_status = :status, code = :code,
				    content_type = :contentType, body = :body, audit_id = :auditId, job_id = :jobId,
				    backup_id = :backupId, expires_at = :expiresAt
				where team = :team and actor = :actor and idem_key = :key and state = 'in_flight'
				""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("status", httpStatus)
			.param("code", request.code())
			.param("contentType", contentType)
			.param("body", body)
			.param("auditId", request.auditId())
			.param("jobId", request.jobId())
			.param("backupId", request.backupId())
			.param("expiresAt", now().plus(this.settings.retention()))
			.param("team", held.team())
			.param("actor", held.actor())
			.param("key", held.key())
			.update();
	}

	/**
	 * Releases a key whose request created nothing, so it may be used again.
	 * @param request the request, which holds the key
	 */
	void release(IdempotentRequest request) {
		HeldKey held = request.held();
		if (held == null) {
			return;
		}
		this.jdbc
			.sql("delete from idempotency_key where team = :team and actor = :actor and idem_key = :key"
					+ " and state = 'in_flight'")
			.withQueryTimeout(this.timeoutSeconds)
			.param("team", held.team())
			.param("actor", held.actor())
			.param("key", held.key())
			.update();
	}

	@Scheduled(fixedDelayString = "${gateway.jobs.poll-interval:10s}",
			initialDelayString = "${gateway.jobs.poll-interval:10s}")
	void purgeInBackground() {
		this.passes.inBackground(BackgroundPasses.Job.IDEMPOTENCY_PURGE, this::purgeExpired);
	}

	/**
	 * Deletes the keys whose retention has passed.
	 * @return how many
	 */
	public int purgeExpired() {
		return this.passes.run(BackgroundPasses.Job.IDEMPOTENCY_PURGE, this.settings.retention(),
				(deadline) -> this.jdbc.sql("delete from idempotency_key where expires_at < :now")
					.withQueryTimeout(this.timeoutSeconds)
					.param("now", now())
					.update());
	}

	/**
	 * What a create request asks for, as one value: two requests with the same key are
	 * the same request when their fingerprints are equal.
	 * @param parts the request's parts, such as instance, name and description
	 * @return the SHA-256 of the parts, in hex
	 */
	public static String fingerprint(String... parts) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			for (String part : parts) {
				byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
				sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
				sha.update((byte) ':');
				sha.update(bytes);
			}
			return HexFormat.of().formatHex(sha.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	private boolean insert(String team, String actor, String key, String fingerprint) {
		OffsetDateTime now = now();
		try {
			this.jdbc.sql("""
					insert into idempotency_key (team, actor, idem_key, fingerprint, state, created_at, expires_at)
					values (:team, :actor, :key, :fingerprint, 'in_flight', :now, :expiresAt)
					""")
				.withQueryTimeout(this.timeoutSeconds)
				.param("team", team)
				.param("actor", actor)
				.param("key", key)
				.param("fingerprint", fingerprint)
				.param("now", now)
				.param("expiresAt", now.plus(this.settings.retention()))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private Optional<Stored> find(String team, String actor, String key) {
		return this.jdbc
			.sql("""
					select fingerprint, state, http_status, code, content_type, body, audit_id, job_id, backup_id, expires_at
					from idempotency_key where team = :team and actor = :actor and idem_key = :key
					""")
			.withQueryTimeout(this.timeoutSeconds)
			.param("team", team)
			.param("actor", actor)
			.param("key", key)
			.query((rs, row) -> new Stored(rs.getString("fingerprint").trim(),
					rs.getObject("expires_at", OffsetDateTime.class),
					"done".equals(rs.getString("state")) ? new StoredAnswer(rs.getInt("http_status"),
							rs.getString("code"), rs.getString("content_type"), rs.getString("body"),
							rs.getObject("audit_id", UUID.class), rs.getString("job_id"), rs.getString("backup_id"))
							: null))
			.optional();
	}

	private void deleteExpired(String team, String actor, String key) {
		this.jdbc
			.sql("delete from idempotency_key where team = :team and actor = :actor and idem_key = :key"
					+ " and expires_at < :now")
			.withQueryTimeout(this.timeoutSeconds)
			.param("team", team)
			.param("actor", actor)
			.param("key", key)
			.param("now", now())
			.update();
	}

	private OffsetDateTime now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
	}

	/**
	 * A key's row: what it was used for, until when, and its answer once there is one.
	 */
	private record Stored(String fingerprint, OffsetDateTime expiresAt, @Nullable StoredAnswer answer) {
	}

}
