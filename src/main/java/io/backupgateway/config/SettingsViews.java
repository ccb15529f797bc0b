package io.backupgateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Each feature's own part of the one {@code gateway.*} tree, as a bean of its own type:
 * the cloud client takes {@link CloudSettings}, the job follower {@link JobSettings}, and
 * none of them sees the rest.
 */
@Configuration(proxyBeanMethods = false)
public class SettingsViews {

	@Bean
	SecuritySettings securitySettings(GatewayProperties properties) {
		return properties.security();
	}

	@Bean
	CloudSettings cloudSettings(GatewayProperties properties) {
		return properties.cloud();
	}

	@Bean
	TeamTable teamTable(GatewayProperties properties) {
		return new TeamTable(properties.teams());
	}

	@Bean
	LimitSettings limitSettings(GatewayProperties properties) {
		return properties.limits();
	}

	@Bean
	JobSettings jobSettings(GatewayProperties properties) {
		return properties.jobs();
	}

	@Bean
	IdempotencySettings idempotencySettings(GatewayProperties properties) {
		return properties.idempotency();
	}

	@Bean
	OwnershipSettings ownershipSettings(GatewayProperties properties) {
		return properties.ownership();
	}

	@Bean
	ConsoleSettings consoleSettings(GatewayProperties properties) {
		return properties.console();
	}

	@Bean
	AuditSettings auditSettings(GatewayProperties properties) {
		return properties.audit();
	}

}
