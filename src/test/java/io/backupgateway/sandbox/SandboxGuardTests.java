package io.backupgateway.sandbox;

import io.backupgateway.config.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxGuardTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer((context) -> context.getEnvironment().setActiveProfiles("sandbox"))
		.withUserConfiguration(Enable.class, io.backupgateway.config.SettingsViews.class, SandboxGuard.class)
		.withPropertyValues("gateway.security.audience=backup-gateway",
				"gateway.cloud.iam.endpoint=http://127.0.0.1:8080/sandbox/iam", "gateway.cloud.iam.domain=d",
				"gateway.cloud.iam.username=u", "gateway.cloud.iam.password=p",
				"gateway.cloud.projects.p.id=054e292c9880d4992f02c0196d3ea468",
				"gateway.cloud.projects.p.endpoint=http://127.0.0.1:8080/sandbox/geminidb",
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:8080/sandbox/jwks");

	@Test
	void startsWhenEverythingIsOnThisMachine() {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesARealIamEndpoint() {
		this.runner.withPropertyValues("gateway.cloud.iam.endpoint=https://iam.eu-de.otc.t-systems.com")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("gateway.cloud.iam.endpoint"));
	}

	@Test
	void refusesARealCloudEndpoint() {
		this.runner
			.withPropertyValues("gateway.cloud.projects.p.endpoint=https://gaussdb-nosql.eu-de.otc.t-systems.com")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("gateway.cloud.projects.p.endpoint"));
	}

	@Test
	void refusesARealJwks() {
		this.runner
			.withPropertyValues(
					"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=https://idp.example.com/realms/corp/certs")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("jwk-set-uri"));
		this.runner.withPropertyValues("spring.security.oauth2.resourceserver.jwt.issuer-uri=https://idp.example.com")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("issuer-uri"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:h2:file:./data/sandbox-audit;AUTO_SERVER=FALSE", "jdbc:h2:mem:sandbox",
			"jdbc:postgresql://127.0.0.1:5432/gateway", "jdbc:postgresql://localhost/gateway",
			"jdbc:h2:tcp://localhost/~/audit" })
	void acceptsAStoreOnThisMachine(String url) {
		this.runner.withPropertyValues("spring.datasource.url=" + url)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc:postgresql://db.prod.example.com:5432/gateway", "jdbc:postgresql://10.1.2.3/gateway",
			"jdbc:h2:tcp://audit.example.com/~/audit", "jdbc:postgresql://127.0.0.1.evil.example.com/gateway" })
	void refusesAnAuditStoreElsewhere(String url) {
		this.runner.withPropertyValues("spring.datasource.url=" + url)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("spring.datasource.url"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class Enable {

	}

}
