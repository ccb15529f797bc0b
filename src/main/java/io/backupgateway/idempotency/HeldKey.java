package io.backupgateway.idempotency;

/**
 * A key this request holds while it runs.
 *
 * @param team the team
 * @param actor the caller's {@code sub}
 * @param key the {@code Idempotency-Key}
 */
record HeldKey(String team, String actor, String key) {
}
