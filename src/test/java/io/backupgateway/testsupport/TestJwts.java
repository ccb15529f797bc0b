package io.backupgateway.testsupport;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * Real RS256 tokens signed with a test key whose JWKS the cloud stub serves, plus the
 * forged kinds a gateway must refuse.
 */
public final class TestJwts {

	public static final String AUDIENCE = "backup-gateway";

	public static final String ISSUER = "https://idp.test/realms/corp";

	private static final RSAKey KEY = generate("test-key");

	private static final RSAKey OTHER_KEY = generate("test-key");

	private TestJwts() {
	}

	public static String jwksJson() {
		return new JWKSet(KEY.toPublicJWK()).toString();
	}

	/** A token for a caller with {@code backup:create} in the given teams. */
	public static String member(String... teams) {
		return token((claims) -> claims.claim("teams", List.of(teams)).claim("scope", "backup:create"));
	}

	/**
	 * A valid token, adjusted.
	 * @param adjust changes to the default claims (subject alice, audience, issuer, 5
	 * minutes)
	 * @return the serialized token
	 */
	public static String token(Consumer<JWTClaimsSet.Builder> adjust) {
		return sign(KEY, claims(adjust));
	}

	/** Signed with a key the gateway does not know, under a key id it has never seen. */
	public static String signedWithUnknownKeyId(Consumer<JWTClaimsSet.Builder> adjust) {
		return sign(generate("unknown-" + UUID.randomUUID()), claims(adjust));
	}

	/** Signed with a key the gateway does not know, under the known key id. */
	public static String signedByOtherKey(Consumer<JWTClaimsSet.Builder> adjust) {
		return sign(OTHER_KEY, claims(adjust));
	}

	/** An unsigned token ({@code alg: none}). */
	public static String unsigned(Consumer<JWTClaimsSet.Builder> adjust) {
		return new PlainJWT(claims(adjust)).serialize();
	}

	/**
	 * HS256, with the public key's modulus as the shared secret (algorithm confusion).
	 */
	public static String hs256WithPublicKey(Consumer<JWTClaimsSet.Builder> adjust) {
		try {
			byte[] secret = KEY.toPublicJWK().toRSAPublicKey().getEncoded();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(KEY.getKeyID()).build(),
					claims(adjust));
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A well-formed token whose signature bytes were altered. */
	public static String tamperedSignature(Consumer<JWTClaimsSet.Builder> adjust) {
		String[] parts = token(adjust).split("\\.");
		byte[] signature = Base64URL.from(parts[2]).decode();
		signature[0] ^= 0x01;
		return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature);
	}

	private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> adjust) {
		Instant now = Instant.now();
		JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject("alice")
			.issuer(ISSUER)
			.audience(AUDIENCE)
			.claim("preferred_username", "alice.smith")
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)));
		adjust.accept(builder);
		return builder.build();
	}

	private static String sign(RSAKey key, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static RSAKey generate(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
