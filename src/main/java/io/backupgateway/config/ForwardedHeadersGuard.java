package io.backupgateway.config;

import java.util.Locale;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * {@code client_ip} in the audit trail is the peer address (docs/design.md 3.4). The
 * gateway ships {@code server.forward-headers-strategy: none}, so a cloud platform cannot
 * switch forwarded headers on behind its back; an operator who sets {@code native} must
 * also say which proxies to trust, or any caller could choose its own address.
 */
@Component
public class ForwardedHeadersGuard {

	static final String STRATEGY = "server.forward-headers-strategy";

	static final String TRUSTED_PROXIES = "server.tomcat.remoteip.internal-proxies";

	ForwardedHeadersGuard(Environment environment) {
		String strategy = environment.getProperty(STRATEGY, "none").trim().toLowerCase(Locale.ROOT);
		if ("native".equals(strategy) && !environment.containsProperty(TRUSTED_PROXIES)) {
			throw new IllegalStateException(STRATEGY + " is native, but " + TRUSTED_PROXIES
					+ " is not set: name the proxies whose X-Forwarded-For the gateway may trust");
		}
	}

}
