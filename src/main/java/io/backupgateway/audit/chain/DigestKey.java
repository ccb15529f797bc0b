package io.backupgateway.audit.chain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import io.backupgateway.audit.entry.EntryKeys;

import org.springframework.core.io.ResourceLoader;

/**
 * The Ed25519 key that signs digests (docs/audit.md "Signed digests"), with the JDK's own
 * EdDSA. Its {@code key_id} is the first 16 hex digits of the SHA-256 of the public key's
 * DER (SubjectPublicKeyInfo).
 */
public final class DigestKey {

	private static final String ALGORITHM = "Ed25519";

	private final PrivateKey privateKey;

	private final PublicKey publicKey;

	private final String keyId;

	private DigestKey(KeyPair pair) {
		this.privateKey = pair.getPrivate();
		this.publicKey = pair.getPublic();
		this.keyId = keyIdOf(this.publicKey);
	}

	/**
	 * Reads a PKCS#8 PEM private key ({@code openssl genpkey -algorithm ed25519}).
	 * @param pem the PEM text
	 * @return the key
	 * @throws IllegalArgumentException when the text is not an Ed25519 PKCS#8 private key
	 */
	public static DigestKey fromPem(String pem) {
		byte[] der = Pem.decode(pem, "PRIVATE KEY");
		try {
			PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
			byte[] seed = ((EdECPrivateKey) key).getBytes()
				.orElseThrow(() -> new IllegalArgumentException("the private key's bytes cannot be read"));
			return new DigestKey(pairOf(seed));
		}
		catch (GeneralSecurityException | ClassCastException ex) {
			throw new IllegalArgumentException("no Ed25519 private key in PKCS#8 (" + ex.getMessage() + ")", ex);
		}
	}

	/**
	 * Reads the key from a resource location, for {@code gateway.audit.signing-key}.
	 * @param location the location, such as {@code file:/etc/backup-gateway/key.pem}
	 * @param resources resolves the location
	 * @return the key
	 * @throws IllegalStateException naming the property, when the key cannot be read
	 */
	public static DigestKey load(String location, ResourceLoader resources) {
		try (InputStream in = resources.getResource(location).getInputStream()) {
			return fromPem(new String(in.readAllBytes(), StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"gateway.audit.signing-key: " + location + " cannot be read (" + ex.getMessage() + ")", ex);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("gateway.audit.signing-key: " + location + " holds " + ex.getMessage(), ex);
		}
	}

	/**
	 * A key made now and never stored: the sandbox's, whose digests mean nothing after a
	 * restart.
	 * @return the key
	 */
	public static DigestKey throwAway() {
		try {
			return new DigestKey(KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Ed25519 is part of every Java 17 runtime", ex);
		}
	}

	/**
	 * The JDK has no call that derives an Ed25519 public key from a private one, but its
	 * key pair generator derives the pair from 32 random bytes: given the private key's
	 * bytes as those, it yields the same private key and its public key (checked).
	 */
	private static KeyPair pairOf(byte[] seed) throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
		generator.initialize(NamedParameterSpec.ED25519, new SecureRandom() {
			@Override
			public void nextBytes(byte[] bytes) {
				System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
			}
		});
		KeyPair pair = generator.generateKeyPair();
		byte[] derived = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElse(new byte[0]);
		if (!Arrays.equals(derived, seed)) {
			throw new GeneralSecurityException("the public key could not be derived from the private key");
		}
		return pair;
	}

	public String keyId() {
		return this.keyId;
	}

	/**
	 * The entry key derived from this key, for when {@code gateway.audit.entry-key} is
	 * not set (docs/design.md section 6): from the private key's 32 bytes, so every
	 * encoding of the same key derives the same entry key.
	 * @return the entry key
	 */
	byte[] entryKey() {
		byte[] seed = ((EdECPrivateKey) this.privateKey).getBytes()
			.orElseThrow(() -> new IllegalStateException("the signing key's bytes cannot be read"));
		return EntryKeys.derivedFrom(seed);
	}

	/** The private key as PKCS#8 PEM, for the sandbox to keep its key across restarts. */
	String privateKeyPem() {
		return Pem.encode(this.privateKey.getEncoded(), "PRIVATE KEY");
	}

	/** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}), for auditors. */
	public String publicKeyPem() {
		return Pem.encode(this.publicKey.getEncoded(), "PUBLIC KEY");
	}

	/**
	 * Signs a text's UTF-8 bytes.
	 * @param text the text
	 * @return the signature, base64
	 */
	public String sign(String text) {
		try {
			Signature signature = Signature.getInstance(ALGORITHM);
			signature.initSign(this.privateKey);
			signature.update(text.getBytes(StandardCharsets.UTF_8));
			return Base64.getEncoder().encodeToString(signature.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Signing a digest failed", ex);
		}
	}

	/**
	 * Checks a signature with a public key given as PEM.
	 * @param publicKeyPem the public key
	 * @param text the signed text
	 * @param signature the signature, base64
	 * @return whether it is valid; false also for a malformed key or signature
	 */
	public static boolean verify(String publicKeyPem, String text, String signature) {
		try {
			PublicKey key = publicKeyOf(publicKeyPem);
			Signature verifier = Signature.getInstance(ALGORITHM);
			verifier.initVerify(key);
			verifier.update(text.getBytes(StandardCharsets.UTF_8));
			return verifier.verify(Base64.getDecoder().decode(signature));
		}
		catch (GeneralSecurityException | IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * The key id of a public key given as PEM.
	 * @param publicKeyPem the public key
	 * @return its key id
	 * @throws IllegalArgumentException when it is not an Ed25519 public key
	 */
	public static String keyIdOf(String publicKeyPem) {
		try {
			return keyIdOf(publicKeyOf(publicKeyPem));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalArgumentException("not an Ed25519 public key", ex);
		}
	}

	private static PublicKey publicKeyOf(String pem) throws GeneralSecurityException {
		return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(Pem.decode(pem, "PUBLIC KEY")));
	}

	private static String keyIdOf(PublicKey key) {
		try {
			byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
			return HexFormat.of().formatHex(hash).substring(0, 16);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

}
