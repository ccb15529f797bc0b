package io.backupgateway.idempotency;

import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;

/**
 * A request's part in its {@code Idempotency-Key} (docs/design.md 3.4): the key it now
 * holds, or the first answer to replay. Before its caller sees the answer, the flow
 * either keeps the answer under the key (the cloud may have acted) or releases the key
 * (nothing was created), so no retry can find the key in flight after the answer was
 * sent. Without a key there is nothing to keep or release.
 */
public final class KeyClaim {

	private static final Logger log = LoggerFactory.getLogger(KeyClaim.class);

	/** A request without an {@code Idempotency-Key}. */
	public static final KeyClaim NONE = new KeyClaim(null, null, null);

	private final @Nullable IdempotencyKeys keys;

	private @Nullable HeldKey held;

	private final @Nullable StoredAnswer replay;

	KeyClaim(@Nullable IdempotencyKeys keys, @Nullable HeldKey held, @Nullable StoredAnswer replay) {
		this.keys = keys;
		this.held = held;
		this.replay = replay;
	}

	/**
	 * A claim that found the answer the key's first request got.
	 * @param answer the stored answer
	 * @return the claim, holding no key
	 */
	public static KeyClaim replaying(StoredAnswer answer) {
		return new KeyClaim(null, null, answer);
	}

	/** The first answer, when this request repeats a finished one: send it again. */
	public @Nullable StoredAnswer replay() {
		return this.replay;
	}

	/**
	 * Keeps the answer under the key for {@code gateway.idempotency.retention}: the cloud
	 * may have created (or deleted) the backup.
	 * @param answer the answer, exactly as it is sent
	 * @param auditId the request's audit entry
	 * @param jobId the job, if known
	 * @param backupId the backup, if known
	 */
	public void keep(Answer answer, UUID auditId, @Nullable String jobId, @Nullable String backupId) {
		HeldKey key = this.held;
		if (key == null || this.keys == null) {
			return;
		}
		this.held = null;
		try {
			this.keys.keep(key, new StoredAnswer(answer.status(), answer.code(), answer.contentType(), answer.body(),
					auditId, jobId, backupId));
		}
		catch (DataAccessException ex) {
			// the key stays in flight until its retention passes: a retry is refused with
			// 409 rather than risking a second backup
			log.error("Idempotency key could not be settled ({}); it stays in flight", ex.getClass().getSimpleName());
		}
	}

	/** Releases the key: nothing was created, so the key may be used again. */
	public void release() {
		HeldKey key = this.held;
		if (key == null || this.keys == null) {
			return;
		}
		this.held = null;
		try {
			this.keys.release(key);
		}
		catch (DataAccessException ex) {
			log.error("Idempotency key could not be released ({}); it stays in flight until its retention passes",
					ex.getClass().getSimpleName());
		}
	}

	/**
	 * An answer as it is sent.
	 *
	 * @param status its HTTP status
	 * @param code its problem code, when it is a problem
	 * @param contentType its content type
	 * @param body its body
	 */
	public record Answer(int status, @Nullable String code, String contentType, String body) {
	}

}
