package io.backupgateway.access;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.authentication;

/**
 * Spring Security's {@code jwt()} for the gateway's slices: the same kind of unsigned
 * test JWT, turned into the caller by the gateway's own {@link CallerJwtConverter} (with
 * the default claim names), as the real filter chain would.
 */
public final class CallerJwts {

	private CallerJwts() {
	}

	/**
	 * A JWT of subject {@code alice}, a member of the given team with
	 * {@code backup:create}.
	 * @param team the team
	 * @return the request post-processor
	 */
	public static RequestPostProcessor memberOf(String team) {
		return jwt((claims) -> claims.claim("teams", List.of(team)));
	}

	/**
	 * A JWT of subject {@code alice} with {@code backup:create} and no team, changed as
	 * the test says.
	 * @param claims changes to the claims
	 * @return the request post-processor
	 */
	public static RequestPostProcessor jwt(Consumer<Jwt.Builder> claims) {
		Jwt.Builder builder = Jwt.withTokenValue("test-token")
			.header("alg", "none")
			.subject("alice")
			.claim("preferred_username", "alice.smith")
			.claim("scope", "backup:create")
			.claim("teams", List.of())
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(300));
		claims.accept(builder);
		return authentication(new CallerJwtConverter("teams", "scope").convert(builder.build()));
	}

}
