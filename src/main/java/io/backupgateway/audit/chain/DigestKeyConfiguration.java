package io.backupgateway.audit.chain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import io.backupgateway.audit.entry.EntryKeys;
import io.backupgateway.config.AuditSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The digest signing key from {@code gateway.audit.signing-key}. Without one the gateway
 * does not start, except in the sandbox, which makes one on its first start.
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
	 * The sandbox's key: the configured one, made on first start when its file does not
	 * exist yet (application-sandbox.yml keeps it beside the H2 file under ./data), so
	 * the sandbox's digests and entry MACs hold across restarts. Never outside the
	 * sandbox.
	 */
	@Bean
	@Profile("sandbox")
	DigestKey sandboxDigestKey(AuditSettings settings, ResourceLoader resources) throws IOException {
		String location = settings.signingKey();
		if (location == null || location.isBlank()) {
			DigestKey key = DigestKey.throwAway();
			log.warn("Sandbox: audit digests are signed with a throw-away key ({}), gone at restart", key.keyId());
			return key;
		}
		Resource resource = resources.getResource(location);
		if (!resource.exists() && resource.isFile()) {
			Path file = resource.getFile().toPath();
			DigestKey key = DigestKey.throwAway();
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.writeString(file, key.privateKeyPem(), StandardCharsets.US_ASCII);
			log.warn("Sandbox: made an audit signing key ({}) in {}; it is for the sandbox only", key.keyId(), file);
			return key;
		}
		return DigestKey.load(location, resources);
	}

	/**
	 * The keys of entry MACs (docs/design.md section 6): {@code gateway.audit.entry-key}
	 * when set, else derived from the signing key; {@code previous-entry-keys} keep the
	 * entries of before a rotation verifiable.
	 */
	@Bean
	EntryKeys entryKeys(DigestKey key, AuditSettings settings, ResourceLoader resources) {
		String location = settings.entryKey();
		byte[] current = (location == null || location.isBlank()) ? key.entryKey()
				: readEntryKey("gateway.audit.entry-key", location, resources);
		List<byte[]> previous = settings.previousEntryKeys()
			.stream()
			.map((old) -> readEntryKey("gateway.audit.previous-entry-keys", old, resources))
			.toList();
		return new EntryKeys(current, previous);
	}

	/**
	 * An entry key from a resource: a retired signing key (PKCS#8 PEM) derives it, other
	 * content is the key itself, trailing white space dropped.
	 */
	static byte[] readEntryKey(String property, String location, ResourceLoader resources) {
		byte[] content;
		try (InputStream in = resources.getResource(location).getInputStream()) {
			content = in.readAllBytes();
		}
		catch (IOException ex) {
			throw new IllegalStateException(property + ": " + location + " cannot be read (" + ex.getMessage() + ")",
					ex);
		}
		String text = new String(content, StandardCharsets.ISO_8859_1);
		if (text.contains("-----BEGIN PRIVATE KEY-----")) {
			try {
				return DigestKey.fromPem(text).entryKey();
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException(property + ": " + location + " holds " + ex.getMessage(), ex);
			}
		}
		int end = content.length;
		while (end > 0 && Character.isWhitespace(content[end - 1])) {
			end--;
		}
		if (end < EntryKeys.MIN_KEY_BYTES) {
			throw new IllegalStateException(
					property + ": " + location + " holds " + end + " bytes; an entry key needs at least "
							+ EntryKeys.MIN_KEY_BYTES + " (for example: openssl rand -base64 48)");
		}
		return Arrays.copyOf(content, end);
	}

	@Bean
	TrustedKeys trustedKeys(DigestKey key, AuditSettings settings, ResourceLoader resources) {
		return TrustedKeys.load(key, settings.trustedKeys(), resources);
	}

}
