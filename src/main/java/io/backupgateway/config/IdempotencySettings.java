package io.backupgateway.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long an {@code Idempotency-Key} is kept.
 *
 * @param retention the retention of a key whose request may have created a backup
 */
public record IdempotencySettings(@DefaultValue("24h") @NotNull Duration retention) {

	public IdempotencySettings {
		ConfigurationRules.requirePositive("gateway.idempotency.retention", retention);
	}

}
