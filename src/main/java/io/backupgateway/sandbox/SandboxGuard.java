package io.backupgateway.sandbox;

import java.net.URI;
import java.util.Set;

import io.backupgateway.config.GatewayProperties;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The sandbox is a closed world: it refuses to run when any IAM, cloud or JWKS endpoint
 * points anywhere but this machine, so a sandbox can never create a real backup or trust
 * a real identity provider.
 */
@Component
@Profile("sandbox")
class SandboxGuard {

	private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

	SandboxGuard(GatewayProperties properties, Environment environment) {
		requireLoopback("gateway.cloud.iam.endpoint", properties.cloud().iam().endpoint());
		properties.cloud()
			.projects()
			.forEach((name, project) -> requireLoopback("gateway.cloud.projects." + name + ".endpoint",
					project.endpoint()));
		String jwks = environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
		if (jwks == null) {
			throw new IllegalStateException(
					"The sandbox profile needs spring.security.oauth2.resourceserver.jwt.jwk-set-uri on this machine");
		}
		requireLoopback("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", URI.create(jwks));
		if (environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri") != null) {
			throw new IllegalStateException(
					"The sandbox profile refuses spring.security.oauth2.resourceserver.jwt.issuer-uri: it trusts only its own key");
		}
	}

	private static void requireLoopback(String property, URI uri) {
		if (uri.getHost() == null || !LOOPBACK.contains(uri.getHost())) {
			throw new IllegalStateException("The sandbox profile is a closed world, but " + property + " points to '"
					+ uri + "': remove it or run without the sandbox profile");
		}
	}

}
