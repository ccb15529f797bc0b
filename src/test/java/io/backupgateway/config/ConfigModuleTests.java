package io.backupgateway.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration module on its own: the one tree is bound, and each feature's view of
 * it is a bean of its own that is the same part of the tree.
 */
@ApplicationModuleTest
@ActiveProfiles("module")
class ConfigModuleTests {

	final GatewayProperties properties;

	final CloudSettings cloud;

	final JobSettings jobs;

	final AuditSettings audit;

	ConfigModuleTests(GatewayProperties properties, CloudSettings cloud, JobSettings jobs, AuditSettings audit) {
		this.properties = properties;
		this.cloud = cloud;
		this.jobs = jobs;
		this.audit = audit;
	}

	@Test
	void eachViewIsItsPartOfTheOneTree() {
		assertThat(this.cloud).isSameAs(this.properties.cloud());
		assertThat(this.jobs).isSameAs(this.properties.jobs());
		assertThat(this.audit).isSameAs(this.properties.audit());
		assertThat(this.cloud.responseTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(this.jobs.pollInitialDelay()).isZero();
		assertThat(this.audit.writeTimeoutSeconds()).isEqualTo(5);
	}

}
