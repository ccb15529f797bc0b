package io.backupgateway.audit.chain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ResourceLoader;

/**
 * The public keys whose digests the gateway accepts (docs/design.md section 6, "Keys from
 * configuration only"): the signing key's own and the retired ones named in
 * {@code gateway.audit.trusted-keys}. A key found only in the database's
 * {@code audit_signing_key} is never trusted: whoever can write that table could sign a
 * rewritten chain with a key of their own.
 */
final class TrustedKeys {

	private final Map<String, String> byKeyId;

	TrustedKeys(DigestKey signingKey, Collection<String> retiredPems) {
		Map<String, String> keys = new LinkedHashMap<>();
		keys.put(signingKey.keyId(), signingKey.publicKeyPem());
		for (String pem : retiredPems) {
			keys.put(DigestKey.keyIdOf(pem), pem);
		}
		this.byKeyId = Map.copyOf(keys);
	}

	/**
	 * Reads the retired keys from their locations.
	 * @param signingKey the configured signing key
	 * @param locations {@code gateway.audit.trusted-keys}
	 * @param resources resolves the locations
	 * @return the trusted keys
	 * @throws IllegalStateException naming the property, when a key cannot be read
	 */
	static TrustedKeys load(DigestKey signingKey, List<String> locations, ResourceLoader resources) {
		List<String> pems = locations.stream().map((location) -> read(location, resources)).toList();
		return new TrustedKeys(signingKey, pems);
	}

	private static String read(String location, ResourceLoader resources) {
		try (InputStream in = resources.getResource(location).getInputStream()) {
			String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
			DigestKey.keyIdOf(pem);
			return pem;
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"gateway.audit.trusted-keys: " + location + " cannot be read (" + ex.getMessage() + ")", ex);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("gateway.audit.trusted-keys: " + location + " holds no Ed25519 public key",
					ex);
		}
	}

	/**
	 * The public key of a trusted key id.
	 * @param keyId the key id
	 * @return its PEM, or {@code null} when the key is not trusted
	 */
	@Nullable String pem(String keyId) {
		return this.byKeyId.get(keyId);
	}

	/**
	 * Whether a digest carries a valid signature of a trusted key.
	 * @param digest the digest
	 * @return whether it does
	 */
	boolean signed(AuditDigest digest) {
		String pem = pem(digest.keyId());
		return pem != null && DigestKey.verify(pem, digest.signedText(), digest.signature());
	}

	Map<String, String> all() {
		return this.byKeyId;
	}

}
