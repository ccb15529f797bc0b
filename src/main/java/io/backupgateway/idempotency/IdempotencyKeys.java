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
import org.jspecify.annotations.Nullable;
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

	/** This class's passes, under a database lock of their own. */
	static final BackgroundPasses.Job PASSES = new BackgroundPasses.Job("Purging expired idempotency keys",
			0x6761_7465_0004L);

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
	 * Claims a request's key, or finds the answer its first use got.
	 * @param team the team
	 * @param actor the caller's {@code sub}
	 * @param key the key, if the request has one
	 * @param fingerprint what the request asks for, from {@link #fingerprint}
	 * @return the claim: the key held, or the stored answer to replay;
	 * {@link KeyClaim#NONE} without a key
	 * @throws GatewayFailure {@code idempotency-conflict} for another request with the
	 * key, {@code idempotency-in-progress} while its first use runs,
	 * {@code audit-unavailable} when the store cannot be used
	 */
	public KeyClaim claim(String team, String actor, @Nullable String key, String fingerprint) {
		if (key == null) {
			return KeyClaim.NONE;
		}
		HeldKey held = new HeldKey(team, actor, key);
		try {
			for (int attempt = 0; attempt < 2; attempt++) {
				OffsetDateTime now = now();
				if (this.rows.insertInFlight(held, fingerprint, now, now.plus(this.settings.retention()))) {
					return new KeyClaim(this, held, null);
				}
				Optional<KeyRows.Row> existing = this.rows.find(held);
				if (existing.isPresent() && !existing.get().expiresAt().isBefore(now)) {
					return KeyClaim.replaying(answerOf(existing.get(), fingerprint));
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
	 */
	void keep(HeldKey held, StoredAnswer answer) {
		this.rows.markDone(held, answer, now().plus(this.settings.retention()));
	}

	/** Releases a key whose request created nothing, so it may be used again. */
	void release(HeldKey held) {
		this.rows.deleteInFlight(held);
	}

	@Scheduled(fixedDelayString = "${gateway.jobs.poll-interval:10s}",
			initialDelayString = "${gateway.jobs.poll-interval:10s}")
	void purgeInBackground() {
		this.passes.inBackground(PASSES, this::purgeExpired);
	}

	/**
	 * Deletes the keys whose retention has passed, on one replica at a time.
	 * @return how many
	 */
	public int purgeExpired() {
		return this.passes.run(PASSES, this.settings.retention(), (deadline) -> this.rows.deleteAllExpired(now()));
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
