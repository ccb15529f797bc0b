package io.backupgateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code gateway.migrate-only=true}: the process migrates the audit store (as
 * {@code spring.flyway.user}) and exits, so that the owner role's password lives only in
 * the Helm chart's init container, never in the running gateway (docs/audit.md "Database
 * roles").
 */
@Component
@ConditionalOnBooleanProperty("gateway.migrate-only")
class MigrateOnly implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(MigrateOnly.class);

	private final ConfigurableApplicationContext context;

	MigrateOnly(ConfigurableApplicationContext context) {
		this.context = context;
	}

	@Override
	public void run(ApplicationArguments args) {
		log.info("The audit store is migrated; exiting (gateway.migrate-only)");
		System.exit(SpringApplication.exit(this.context, () -> 0));
	}

}
