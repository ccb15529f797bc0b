package io.backupgateway.sandbox;

import java.net.URI;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.backupgateway.config.CloudSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Profile;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The sandbox is a closed world: it refuses to run when any IAM, cloud or JWKS endpoint
 * points anywhere but this machine, so a sandbox can never create a real backup or trust
 * a real identity provider; and when its audit store is not an embedded H2 or a database
 * on this machine, so that nobody can mint tokens for a real audit trail.
 */
@Component
@Profile("sandbox")
class SandboxGuard {

	private static final Set<String> LOOPBACK = Set.of("127.0.0.1", "localhost", "[::1]", "::1");

	/** A JDBC URL naming a server: {@code jdbc:<driver>:[tcp:|ssl:]//host[:port]/...}. */
	private static final Pattern REMOTE_JDBC = Pattern
		.compile("jdbc:[a-z0-9]+:(?:tcp:|ssl:)?//(\\[[^\\]]*\\]|[^/:;?]+).*", Pattern.CASE_INSENSITIVE);

	SandboxGuard(CloudSettings cloud, Environment environment) {
		requireLoopback("gateway.cloud.iam.endpoint", cloud.iam().endpoint());
		cloud.projects()
			.forEach((name, project) -> requireLoopback("gateway.cloud.projects." + name + ".endpoint",
					project.endpoint()));
		for (String uri : new String[] { "authorization-uri", "token-uri", "jwk-set-uri", "issuer-uri" }) {
			String property = "spring.security.oauth2.client.provider.idp." + uri;
			String value = environment.getProperty(property);
			if (value != null) {
				requireLoopback(property, URI.create(value));
			}
		}
		String jwks = environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
		if (jwks == null) {
			throw new IllegalStateException(
					"The sandbox profile needs spring.security.oauth2.resourceserver.jwt.jwk-set-uri on this machine");
		}
		requireLoopback("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", URI.create(jwks));
		requireLocalStore(environment.getProperty("spring.datasource.url"));
		if (environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri") != null) {
			throw new IllegalStateException(
					"The sandbox profile refuses spring.security.oauth2.resourceserver.jwt.issuer-uri: it trusts only its own key");
		}
	}

	private static void requireLocalStore(@Nullable String url) {
		if (url == null) {
			return;
		}
		Matcher remote = REMOTE_JDBC.matcher(url);
		boolean embedded = url.startsWith("jdbc:h2:") && !remote.matches();
		if (!embedded && (!remote.matches() || !LOOPBACK.contains(remote.group(1)))) {
			throw new IllegalStateException(
					"The sandbox profile is a closed world, but spring.datasource.url points to '" + url
							+ "': use an embedded H2 store or a database on this machine");
		}
	}

	private static void requireLoopback(String property, URI uri) {
		if (uri.getHost() == null || !LOOPBACK.contains(uri.getHost())) {
			throw new IllegalStateException("The sandbox profile is a closed world, but " + property + " points to '"
					+ uri + "': remove it or run without the sandbox profile");
		}
	}

}
