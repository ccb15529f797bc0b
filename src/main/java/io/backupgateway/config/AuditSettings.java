package io.backupgateway.config;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Audit store settings.
 *
 * @param writeTimeout how long one audit write may take before the request fails closed
 * @param queryTimeout how long a review query may take before it is answered 503
 * @param maxConcurrentExports how many exports and verifications may run at once on a
 * replica
 * @param exportStallTimeout how long an export waits for a client that reads nothing
 * @param exportMaxDuration how long an export may run, whatever its pace
 * @param digestInterval how often the chain's head is signed into a digest
 * @param signingKey where the Ed25519 private key for digests is (PKCS#8 PEM; a resource
 * location such as {@code file:/etc/backup-gateway/audit-signing-key.pem}); required
 * outside the sandbox
 * @param trustedKeys retired public keys (PEM, as resource locations) whose digests
 * {@code verify} still accepts after a rotation; a key found only in the database is
 * never trusted
 * @param entryKey where the key for entry MACs is (a resource holding at least 32 secret
 * bytes); when unset, the entry key is derived from the signing key
 * @param previousEntryKeys entry keys of before a rotation (each a resource holding an
 * entry key, or a retired signing key the entry key was derived from), whose entries
 * still verify
 */
public record AuditSettings(@DefaultValue("5s") @NotNull Duration writeTimeout,
		@DefaultValue("5s") @NotNull Duration queryTimeout,
		@DefaultValue("2") @Positive @Max(50) int maxConcurrentExports,
		@DefaultValue("30s") @NotNull Duration exportStallTimeout,
		@DefaultValue("10m") @NotNull Duration exportMaxDuration, @DefaultValue("1h") @NotNull Duration digestInterval,
		@Nullable String signingKey, @DefaultValue List<String> trustedKeys, @Nullable String entryKey,
		@DefaultValue List<String> previousEntryKeys) {

	public AuditSettings {
		trustedKeys = (trustedKeys != null) ? List.copyOf(trustedKeys) : List.of();
		previousEntryKeys = (previousEntryKeys != null) ? List.copyOf(previousEntryKeys) : List.of();
		ConfigurationRules.requirePositive("gateway.audit.write-timeout", writeTimeout);
		ConfigurationRules.requirePositive("gateway.audit.query-timeout", queryTimeout);
		ConfigurationRules.requirePositive("gateway.audit.export-stall-timeout", exportStallTimeout);
		ConfigurationRules.requirePositive("gateway.audit.export-max-duration", exportMaxDuration);
		ConfigurationRules.requirePositive("gateway.audit.digest-interval", digestInterval);
	}

	/**
	 * The query timeout as a JDBC query timeout: whole seconds, rounded up, at least 1.
	 * @return the seconds
	 */
	public int queryTimeoutSeconds() {
		return (int) Math.max(1, (this.queryTimeout.toMillis() + 999) / 1000);
	}

	/**
	 * The write timeout as a JDBC query timeout: whole seconds, rounded up, at least 1.
	 * @return the seconds
	 */
	public int writeTimeoutSeconds() {
		return (int) Math.max(1, (this.writeTimeout.toMillis() + 999) / 1000);
	}

}
