package io.backupgateway.sandbox;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.backupgateway.config.SecuritySettings;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A stand-in identity provider: its JWKS, and tokens for any subject, teams and
 * permissions, valid for an hour. Only in the sandbox.
 */
@RestController
@Profile("sandbox")
class SandboxIdentityController {

	private final SandboxKeys keys;

	private final SecuritySettings security;

	SandboxIdentityController(SandboxKeys keys, SecuritySettings security) {
		this.keys = keys;
		this.security = security;
	}

	@GetMapping(path = "/sandbox/jwks", produces = MediaType.APPLICATION_JSON_VALUE)
	String jwks() {
		return this.keys.jwks();
	}

	@PostMapping(path = "/sandbox/token", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> token(@RequestParam(defaultValue = "alice") String subject,
			@RequestParam(defaultValue = "payments") List<String> teams,
			@RequestParam(required = false) @Nullable String scope) throws JOSEException {
		// no scope asked for: a creator; an empty one (scope=): no permission at all, so
		// a
		// portal can try a caller that may do nothing (a default value would apply to
		// both)
		String permissions = (scope != null) ? scope : "backup:create";
		Instant now = Instant.now();
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject)
			.audience(this.security.audience())
			.claim("preferred_username", subject)
			.claim(this.security.teamsClaim(), teams)
			.claim(this.security.permissionsClaim(), permissions)
			.jwtID(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(3600)));
		@Nullable String issuer = this.security.issuer();
		if (issuer != null) {
			claims.issuer(issuer);
		}
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.keys.signingKey().getKeyID()).build(),
				claims.build());
		jwt.sign(new RSASSASigner(this.keys.signingKey()));
		return Map.of("access_token", jwt.serialize(), "token_type", "Bearer", "expires_in", 3600);
	}

}
