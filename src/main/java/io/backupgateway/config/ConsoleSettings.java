package io.backupgateway.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit console (docs/design.md 3.7). It is on when an {@code idp} client
 * registration is configured ({@code spring.security.oauth2.client.registration.idp.*}).
 *
 * @param sessionTimeout how long a console session lives without a request
 */
public record ConsoleSettings(@DefaultValue("30m") @NotNull Duration sessionTimeout) {

	public ConsoleSettings {
		ConfigurationRules.requirePositive("gateway.console.session-timeout", sessionTimeout);
	}

}
