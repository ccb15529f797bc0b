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

import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.config.IdempotencySettings;
import io.backupgateway.failure.GatewayFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
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

	private final KeyRows rows;

	private final IdempotencySettings settings;

	private final BackgroundPasses passes;

	private final Clock clock;

	IdempotencyKeys(KeyRows rows, IdempotencySettings settings, BackgroundPasses passes, Clock clock) {
		this.rows = rows;
		this.settings = settings;
		this.passes = passes;
		this.clock = clock;
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
	 * @throws GatewayFailure {@code idempotency-conflict} for another request with the
	 * key, {@code idempotency-in-progress} while its first use runs,
	 * {@code audit-unavailable} when the store cannot be used
	 */
	public Optional<StoredAnswer> claim(IdempotentRequest request, String team, String actor, String key,
			String fingerprint) {
		if (!request.settled()) {
			// nobody would keep or release the key: it would stay in flight for its whole
			// retention (docs/design.md 3.4); a route the filter does not see is a bug
			throw new IllegalStateException("Idempotency-Key claimed on a request the idempotency filter did not see");
		}
		HeldKey held = new HeldKey(team, actor, key);
		try {
			for (int attempt = 0; attempt < 2; attempt++) {
				OffsetDateTime now = now();
				if (this.rows.insertInFlight(held, fingerprint, now, now.plus(this.settings.retention()))) {
					request.hold(held);
					return Optional.empty();
				}
				Optional<KeyRows.Row> existing = this.rows.find(held);
				if (existing.isPresent() && !existing.get().expiresAt().isBefore(now)) {
					return Optional.of(answerOf(existing.get(), fingerprint));
				}
				this.rows.deleteIfExpired(held, now);
			}
			throw inProgress();
		}
		catch (DataAccessException ex) {
			log.error("Idempotency keys unavailable: request refused ({})", ex.getClass().getSimpleName());
			throw new IdempotencyStoreUnavailable(ex);
		}
	}

	private static StoredAnswer answerOf(KeyRows.Row row, String fingerprint) {
		if (!row.fingerprint().equals(fingerprint)) {
			throw new IdempotencyKeyReused();
		}
		if (row.answer() == null) {
			throw inProgress();
		}
		return row.answer();
	}

	private static GatewayFailure inProgress() {
		return new IdempotencyKeyInFlight();
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
		if (held != null) {
			this.rows.markDone(held, new StoredAnswer(httpStatus, request.code(), contentType, body, request.auditId(),
					request.jobId(), request.backupId()), now().plus(this.settings.retention()));
		}
	}

	/**
	 * Releases a key whose request created nothing, so it may be used again.
	 * @param request the request, which holds the key
	 */
	void release(IdempotentRequest request) {
		HeldKey held = request.held();
		if (held != null) {
			this.rows.deleteInFlight(held);
		}
	}

	@Scheduled(fixedDelayString = "${gateway.jobs.poll-interval:10s}",
			initialDelayString = "${gateway.jobs.poll-interval:10s}")
	void purgeInBackground() {
		this.passes.inBackground(BackgroundPasses.Job.IDEMPOTENCY_PURGE, this::purgeExpired);
	}

	/**
	 * Deletes the keys whose retention has passed, on one replica at a time.
	 * @return how many
	 */
	public int purgeExpired() {
		return this.passes.run(BackgroundPasses.Job.IDEMPOTENCY_PURGE, this.settings.retention(),
				(deadline) -> this.rows.deleteAllExpired(now()));
	}

	/**
	 * What a create request asks for, as one value: two requests with the same key are
	 * the same request when their fingerprints are equal.
	 * @param parts the request's parts, such as instance, name and description
	 * @return the SHA-256 of the length-prefixed parts, in hex
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

	private OffsetDateTime now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
	}

}
