package io.backupgateway.sandbox;

import java.util.List;
import java.util.Map;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox on its own (it depends on nothing but configuration): its identity stand-in
 * signs tokens with the key its own JWKS publishes, for the audience and claims the
 * gateway is configured to read.
 */
@ApplicationModuleTest
@ActiveProfiles({ "module", "sandbox" })
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:sandbox-module;DB_CLOSE_DELAY=-1")
class SandboxModuleTests {

	final SandboxIdentityController identity;

	SandboxModuleTests(SandboxIdentityController identity) {
		this.identity = identity;
	}

	@Test
	void issuesTokensItsOwnKeySetVerifies() throws Exception {
		Map<String, Object> issued = this.identity.token("carol", List.of("payments"), "audit:read");
		SignedJWT token = SignedJWT.parse((String) issued.get("access_token"));
		RSAKey key = (RSAKey) JWKSet.parse(this.identity.jwks()).getKeyByKeyId(token.getHeader().getKeyID());

		assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
		assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("carol");
		assertThat(token.getJWTClaimsSet().getAudience()).containsExactly("backup-gateway");
		assertThat(token.getJWTClaimsSet().getStringListClaim("teams")).containsExactly("payments");
		assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("audit:read");
	}

}
