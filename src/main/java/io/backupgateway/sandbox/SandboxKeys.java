package io.backupgateway.sandbox;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The sandbox's own signing key, made at startup and never stored: the sandbox trusts
 * only tokens it issued itself.
 */
@Component
@Profile("sandbox")
class SandboxKeys {

	private final RSAKey key;

	SandboxKeys() throws JOSEException {
		this.key = new RSAKeyGenerator(2048).keyID("sandbox").generate();
	}

	RSAKey signingKey() {
		return this.key;
	}

	String jwks() {
		return new JWKSet(this.key.toPublicJWK()).toString();
	}

}
