package io.backupgateway.cloud.iam;

import java.time.Duration;
import java.time.Instant;

/**
 * A project-scoped IAM token. Its value is a secret: {@link #toString()} never shows it.
 *
 * @param value the {@code X-Subject-Token}
 * @param obtainedAt when the gateway received it
 * @param expiresAt IAM's {@code token.expires_at}
 */
public record IamToken(String value, Instant obtainedAt, Instant expiresAt) {

	/** A token this close to expiry is no longer used: calls with it may fail. */
	static final Duration LAST_USABLE = Duration.ofMinutes(1);

	/**
	 * Whether the token can be used without refreshing first. The refresh margin is
	 * capped at half the token's lifetime, so a short-lived token is not refreshed on
	 * every call.
	 */
	boolean isFresh(Instant now, Duration refreshBeforeExpiry) {
		Duration lifetime = Duration.between(this.obtainedAt, this.expiresAt);
		Duration margin = (refreshBeforeExpiry.compareTo(lifetime.dividedBy(2)) > 0) ? lifetime.dividedBy(2)
				: refreshBeforeExpiry;
		return now.isBefore(this.expiresAt.minus(margin));
	}

	/** Whether the token may still be used when a refresh has failed. */
	boolean isUsable(Instant now) {
		return now.isBefore(this.expiresAt.minus(LAST_USABLE));
	}

	@Override
	public String toString() {
		return "IamToken[value=******, obtainedAt=" + this.obtainedAt + ", expiresAt=" + this.expiresAt + "]";
	}

}
