package io.backupgateway.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long an {@code Idempotency-Key} is kept, and how long its store may take.
 *
 * @param retention the retention of a key whose request may have created a backup
 * @param storeTimeout how long one read or write of the keys may take before the request
 * fails closed
 */
public record IdempotencySettings(@DefaultValue("24h") @NotNull Duration retention,
		@DefaultValue("5s") @NotNull Duration storeTimeout) {

	public IdempotencySettings {
		ConfigurationRules.requirePositive("gateway.idempotency.retention", retention);
		ConfigurationRules.requirePositive("gateway.idempotency.store-timeout", storeTimeout);
	}

	/**
	 * The store timeout as a JDBC query timeout: whole seconds, rounded up, at least 1.
	 * @return the seconds
	 */
	public int storeTimeoutSeconds() {
		return (int) Math.max(1, (this.storeTimeout.toMillis() + 999) / 1000);
	}

}
