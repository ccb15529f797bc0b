package io.backupgateway.audit.chain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class DigestKeyTests {

	/** What {@code openssl pkey -pubout} prints for the test key. */
	static final String TEST_PUBLIC_KEY = """
			-----BEGIN PUBLIC KEY-----
			MCowBQYDK2VwAyEA9JZb3Z9iP0zTJ7yi8u/GiunWM9bZZFxaplaGteo3OLE=
			-----END PUBLIC KEY-----
			""";

	@Test
	void readsAnOpensslKeyAndDerivesItsPublicKey() {
		DigestKey key = DigestKey.load("classpath:audit-signing-key.pem", new DefaultResourceLoader());

		assertThat(key.publicKeyPem()).isEqualTo(TEST_PUBLIC_KEY);
		// openssl pkey -pubout -outform DER | sha256sum | cut -c1-16
		assertThat(key.keyId()).isEqualTo("13cbe142792c4c23");
	}

	@Test
	void derivesThePublicKeyTheJdkMadeWithThePrivateOne() throws Exception {
		for (int i = 0; i < 20; i++) {
			KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
			DigestKey key = DigestKey.fromPem(pem(pair.getPrivate().getEncoded(), "PRIVATE KEY"));
			assertThat(key.publicKeyPem()).isEqualTo(pem(pair.getPublic().getEncoded(), "PUBLIC KEY"));
		}
	}

	@Test
	void aSignatureHoldsForItsTextAndKeyOnly() {
		DigestKey key = DigestKey.load("classpath:audit-signing-key.pem", new DefaultResourceLoader());
		DigestKey other = DigestKey.throwAway();
		String signature = key.sign("backup-gateway-digest/v1\nx");

		assertThat(DigestKey.verify(key.publicKeyPem(), "backup-gateway-digest/v1\nx", signature)).isTrue();
		assertThat(DigestKey.verify(key.publicKeyPem(), "backup-gateway-digest/v1\ny", signature)).isFalse();
		assertThat(DigestKey.verify(other.publicKeyPem(), "backup-gateway-digest/v1\nx", signature)).isFalse();
		assertThat(DigestKey.verify(key.publicKeyPem(), "backup-gateway-digest/v1\nx", "not base64!")).isFalse();
		assertThat(other.keyId()).matches("[0-9a-f]{16}").isNotEqualTo(key.keyId());
		assertThat(DigestKey.keyIdOf(other.publicKeyPem())).isEqualTo(other.keyId());
	}

	@Test
	void aMissingOrUnusableKeyNamesTheProperty(@TempDir Path dir) throws Exception {
		DefaultResourceLoader resources = new DefaultResourceLoader();
		assertThatIllegalStateException().isThrownBy(() -> DigestKey.load("file:" + dir.resolve("none.pem"), resources))
			.withMessageStartingWith("gateway.audit.signing-key: file:")
			.withMessageContaining("cannot be read");

		Path rsa = dir.resolve("rsa.pem");
		KeyPair pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
		Files.writeString(rsa, pem(pair.getPrivate().getEncoded(), "PRIVATE KEY"));
		assertThatIllegalStateException().isThrownBy(() -> DigestKey.load("file:" + rsa, resources))
			.withMessageStartingWith("gateway.audit.signing-key: file:")
			.withMessageContaining("no Ed25519 private key");

		assertThatIllegalArgumentException().isThrownBy(() -> DigestKey.fromPem(TEST_PUBLIC_KEY))
			.withMessageContaining("BEGIN PRIVATE KEY");
	}

	private static String pem(byte[] der, String label) {
		return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
				+ "\n-----END " + label + "-----\n";
	}

	@Test
	void anEntryKeyIsReadAsItsBytesOrDerivedFromARetiredSigningKey(@TempDir Path dir) throws Exception {
		DefaultResourceLoader resources = new DefaultResourceLoader();
		Path raw = Files.writeString(dir.resolve("entry-key"), "k".repeat(40) + "\n");
		Path pem = Files.writeString(dir.resolve("old.pem"),
				new String(resources.getResource("classpath:audit-signing-key.pem").getInputStream().readAllBytes(),
						java.nio.charset.StandardCharsets.US_ASCII));

		assertThat(DigestKeyConfiguration.readEntryKey("p", raw.toUri().toString(), resources))
			.as("trailing white space dropped")
			.isEqualTo("k".repeat(40).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
		assertThat(DigestKeyConfiguration.readEntryKey("p", pem.toUri().toString(), resources))
			.isEqualTo(DigestKey.load("classpath:audit-signing-key.pem", resources).entryKey());
	}

	@Test
	void aShortOrMissingEntryKeyStopsStartupNamingTheProperty(@TempDir Path dir) throws Exception {
		DefaultResourceLoader resources = new DefaultResourceLoader();
		Path shortKey = Files.writeString(dir.resolve("short"), "too short\n");

		assertThatIllegalStateException()
			.isThrownBy(() -> DigestKeyConfiguration.readEntryKey("gateway.audit.entry-key",
					shortKey.toUri().toString(), resources))
			.withMessageContaining("gateway.audit.entry-key")
			.withMessageContaining("holds 9 bytes");
		assertThatIllegalStateException()
			.isThrownBy(() -> DigestKeyConfiguration.readEntryKey("gateway.audit.previous-entry-keys",
					dir.resolve("missing").toUri().toString(), resources))
			.withMessageContaining("gateway.audit.previous-entry-keys")
			.withMessageContaining("cannot be read");
	}

}
