package io.backupgateway.audit.chain;

import io.backupgateway.config.AuditSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ResourceLoader;

/**
 * The digest signing key from {@code gateway.audit.signing-key}. Without one the gateway
 * does not start, except in the sandbox, which makes a throw-away key.
 */
@Configuration(proxyBeanMethods = false)
class DigestKeyConfiguration {

	private static final Logger log = LoggerFactory.getLogger(DigestKeyConfiguration.class);

	@Bean
	@Profile("!sandbox")
	DigestKey digestKey(AuditSettings settings, ResourceLoader resources) {
		String location = settings.signingKey();
		if (location == null || location.isBlank()) {
			throw new IllegalStateException("gateway.audit.signing-key is not set: the audit digests need an Ed25519 "
					+ "private key (PKCS#8 PEM), for example file:/etc/backup-gateway/audit-signing-key.pem");
		}
		return DigestKey.load(location, resources);
	}

	/**
	 * The sandbox's digests can be checked while it runs (its public key is served), not
	 * after a restart, unless a key is configured.
	 */
	@Bean
	@Profile("sandbox")
	DigestKey sandboxDigestKey(AuditSettings settings, ResourceLoader resources) {
		String location = settings.signingKey();
		if (location != null && !location.isBlank()) {
			return DigestKey.load(location, resources);
		}
		DigestKey key = DigestKey.throwAway();
		log.warn("Sandbox: audit digests are signed with a throw-away key ({}), gone at restart", key.keyId());
		return key;
	}

	@Bean
	TrustedKeys trustedKeys(DigestKey key, AuditSettings settings, ResourceLoader resources) {
		return TrustedKeys.load(key, settings.trustedKeys(), resources);
	}

}
