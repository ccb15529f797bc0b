package io.backupgateway.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit store settings.
 *
 * @param writeTimeout how long one audit write may take before the request fails closed
 */
public record AuditSettings(@DefaultValue("5s") @NotNull Duration writeTimeout) {

	public AuditSettings {
		ConfigurationRules.requirePositive("gateway.audit.write-timeout", writeTimeout);
	}

	/**
	 * The write timeout as a JDBC query timeout: whole seconds, rounded up, at least 1.
	 * @return the seconds
	 */
	public int writeTimeoutSeconds() {
		return (int) Math.max(1, (this.writeTimeout.toMillis() + 999) / 1000);
	}

}
