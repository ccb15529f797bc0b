package io.backupgateway.config;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayPropertiesTests {

	private static final String[] VALID = { "gateway.security.audience=backup-gateway",
			"gateway.cloud.iam.endpoint=https://iam.example.test", "gateway.cloud.iam.domain=my-domain",
			"gateway.cloud.iam.username=backup-gateway", "gateway.cloud.iam.password=pw-secret-123",
			"gateway.cloud.projects.eu-de-prod.id=054e292c9880d4992f02c0196d3ea468",
			"gateway.cloud.projects.eu-de-prod.endpoint=https://gaussdb-nosql.example.test",
			"gateway.teams.payments.instances[0].id=a4d8ea2584e047439a667703c0684119in06",
			"gateway.teams.payments.instances[0].project=eu-de-prod" };

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
		.withUserConfiguration(Enable.class)
		.withPropertyValues(VALID);

	@Test
	void bindsTheContractWithItsDefaults() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			GatewayProperties properties = context.getBean(GatewayProperties.class);
			assertThat(properties.security().teamsClaim()).isEqualTo("teams");
			assertThat(properties.security().permissionsClaim()).isEqualTo("scope");
			assertThat(properties.security().issuer()).isNull();
			assertThat(properties.cloud().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.cloud().responseTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.cloud().iam().refreshBeforeExpiry()).isEqualTo(Duration.ofHours(1));
			assertThat(properties.limits().maxBackupsPerTeamPerHour()).isEqualTo(30);
			assertThat(properties.limits().oneRunningBackupPerInstance()).isTrue();
			assertThat(properties.jobs().pollInitialDelay()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.jobs().pollInterval()).isEqualTo(Duration.ofSeconds(10));
			assertThat(properties.jobs().giveUpAfter()).isEqualTo(Duration.ofMinutes(30));
			assertThat(properties.idempotency().retention()).isEqualTo(Duration.ofHours(24));
			assertThat(properties.audit().writeTimeout()).isEqualTo(Duration.ofSeconds(5));
			assertThat(properties.teams().get("payments").instances()).hasSize(1);
			assertThat(properties.ownership().enabled()).isFalse();
			assertThat(properties.ownership().refreshInterval()).isEqualTo(Duration.ofMinutes(5));
			assertThat(properties.ownership().missRefresh()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.ownership().maxStaleness()).isEqualTo(Duration.ofHours(1));
		});
	}

	@Test
	void ownershipFromTagsIsOffWithAnEmptyKeyAndFailsOnAKeyTheCloudWouldRefuse() {
		this.runner.withPropertyValues("gateway.ownership.tag-key=")
			.run((context) -> assertThat(context.getBean(GatewayProperties.class).ownership().enabled()).isFalse());
		this.runner.withPropertyValues("gateway.ownership.tag-key=team")
			.run((context) -> assertThat(context.getBean(GatewayProperties.class).ownership().tagKey())
				.isEqualTo("team"));
		this.runner.withPropertyValues("gateway.ownership.tag-key=team owner")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("gateway.ownership.tag-key must be a tag key the cloud allows"));
		this.runner.withPropertyValues("gateway.ownership.miss-refresh=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("gateway.ownership.miss-refresh"));
	}

	@Test
	void bindsTeamOverrides() {
		this.runner.withPropertyValues("gateway.teams.payments.backup-name-prefix=",
				"gateway.teams.payments.backup-name-pattern=p-[a-z]+", "gateway.teams.payments.max-backups-per-hour=10",
				"gateway.teams.payments.one-running-backup-per-instance=false", "gateway.cloud.connect-timeout=2s")
			.run((context) -> {
				TeamSettings team = context.getBean(GatewayProperties.class).teams().get("payments");
				assertThat(team.backupNamePrefix()).isEmpty();
				assertThat(team.backupNamePattern()).isEqualTo("p-[a-z]+");
				assertThat(team.maxBackupsPerHour()).isEqualTo(10);
				assertThat(team.oneRunningBackupPerInstance()).isFalse();
				assertThat(context.getBean(GatewayProperties.class).cloud().connectTimeout())
					.isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void failsWhenAnInstanceIsListedUnderTwoTeams() {
		this.runner
			.withPropertyValues("gateway.teams.ledger.instances[0].id=a4d8ea2584e047439a667703c0684119in06",
					"gateway.teams.ledger.instances[0].project=eu-de-prod")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("gateway.teams.payments.instances[0].id 'a4d8ea2584e047439a667703c0684119in06'")
				.hasMessageContaining("already listed at gateway.teams.ledger.instances[0]"));
	}

	@Test
	void failsWhenATeamNamesAnUnknownProject() {
		this.runner.withPropertyValues("gateway.teams.payments.instances[0].project=eu-de-prd")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage(
						"gateway.teams.payments.instances[0].project 'eu-de-prd' is not defined under gateway.cloud.projects"));
	}

	@Test
	void failsWhenAnIamSettingIsMissing() {
		this.runner.withPropertyValues("gateway.cloud.iam.password=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("gateway.cloud.iam.password"));
	}

	@Test
	void failsWhenTheIamEndpointIsMissing() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(Enable.class)
			.withPropertyValues(VALID)
			.withPropertyValues("gateway.cloud.iam.endpoint=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("gateway.cloud.iam.endpoint"));
	}

	@Test
	void failsOnAnInvalidPattern() {
		this.runner.withPropertyValues("gateway.teams.payments.backup-name-pattern=payments-[a-z")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith(
						"gateway.teams.payments.backup-name-pattern is not a valid regular expression"));
	}

	@Test
	void failsOnAPrefixNoNameCanStartWith() {
		this.runner.withPropertyValues("gateway.teams.payments.backup-name-prefix=1-")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith(
						"gateway.teams.payments.backup-name-prefix '1-' can never start a valid backup name"));
	}

	@Test
	void failsOnATeamNameThatCannotBeAPathSegment() {
		this.runner
			.withPropertyValues("gateway.teams.Payments.instances[0].id=x1",
					"gateway.teams.Payments.instances[0].project=eu-de-prod")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("gateway.teams.Payments: the team name must match"));
	}

	@Test
	void failsOnAnEndpointThatIsNotAPlainHttpUrl() {
		this.runner.withPropertyValues("gateway.cloud.projects.eu-de-prod.endpoint=https://host.test/?x=1")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("gateway.cloud.projects.eu-de-prod.endpoint 'https://host.test/?x=1' must be"));
		this.runner.withPropertyValues("gateway.cloud.iam.endpoint=ftp://iam.test")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("gateway.cloud.iam.endpoint 'ftp://iam.test' must be"));
	}

	@Test
	void failsOnAMalformedProjectId() {
		this.runner.withPropertyValues("gateway.cloud.projects.eu-de-prod.id=../../admin")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("cloud.projects[eu-de-prod].id"));
	}

	@Test
	void failsOnZeroTimeouts() {
		this.runner.withPropertyValues("gateway.cloud.response-timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("gateway.cloud.response-timeout must be positive, but is PT0S"));
		this.runner.withPropertyValues("gateway.audit.write-timeout=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageStartingWith("gateway.audit.write-timeout must be positive"));
	}

	@Test
	void failsWithoutAnAudience() {
		this.runner.withPropertyValues("gateway.security.audience=")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("gateway.security.audience"));
	}

	@Test
	void masksTheIamPassword() {
		this.runner.run((context) -> {
			GatewayProperties properties = context.getBean(GatewayProperties.class);
			assertThat(properties.toString()).doesNotContain("pw-secret-123").contains("password=******");
			assertThat(properties.cloud().iam().toString()).doesNotContain("pw-secret-123");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class Enable {

	}

}
