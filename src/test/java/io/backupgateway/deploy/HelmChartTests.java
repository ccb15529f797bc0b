package io.backupgateway.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.backupgateway.config.ForwardedHeadersGuard;
import io.backupgateway.config.GatewayProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Helm chart, offline through helm-java: it lints, renders, rejects wrong values, and
 * the configuration it renders binds to the application's own configuration classes, so
 * chart and application cannot drift apart.
 */
class HelmChartTests {

	static final Path CHART = Path.of("helm/backup-gateway");

	static final Path FULL_VALUES = Path.of("src/test/resources/helm/full-values.yaml");

	/** The chart renders only with a signing key; the tests name this one. */
	static final String TEST_SIGNING_KEY = "test-audit-key";

	static final Path SIGNING_KEY_VALUES = Path.of("src/test/resources/helm/signing-key-values.yaml");

	/**
	 * helm lint renders with the chart's own values, which name no signing key (there is
	 * no sensible default): a copy of the chart with a test value is linted.
	 */
	@Test
	void lintsStrictly(@TempDir Path dir) throws IOException {
		Path chart = dir.resolve("backup-gateway");
		try (Stream<Path> files = Files.walk(CHART)) {
			for (Path file : files.toList()) {
				Path target = chart.resolve(CHART.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
		Path values = chart.resolve("values.yaml");
		String text = Files.readString(values);
		assertThat(text).contains("auditSigningKey:\n  existingSecret: \"\"");
		Files.writeString(values, text.replace("auditSigningKey:\n  existingSecret: \"\"",
				"auditSigningKey:\n  existingSecret: \"" + TEST_SIGNING_KEY + "\""));
		LintResult result = new Helm(chart).lint().strict().call();
		assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
	}

	@Test
	void retiredPublicKeysAreMountedBesideTheSigningKeyAndTrusted() throws IOException {
		List<Map<String, Object>> documents = render((template) -> template.withValuesFile(FULL_VALUES)
			.set("auditSigningKey.trustedKeys[0]", "retired-2026-11.pem")
			.set("auditSigningKey.trustedKeys[1]", "retired-2026-06.pem"));
		Map<String, Object> pod = at(find(documents, "Deployment"), "spec.template.spec");
		Map<String, Object> container = this.<List<Map<String, Object>>>at(pod, "containers").get(0);
		assertThat(env(container, "GATEWAY_AUDIT_TRUSTEDKEYS")).containsEntry("value",
				"file:/etc/backup-gateway/trusted-0.pem,file:/etc/backup-gateway/trusted-1.pem");
		assertThat(this.<List<Map<String, Object>>>at(pod, "volumes")).anySatisfy((volume) -> {
			assertThat(volume.get("name")).isEqualTo("audit-signing-key");
			assertThat(this.<List<Map<String, Object>>>at(volume, "secret.items"))
				.extracting((item) -> item.get("key") + "->" + item.get("path"))
				.containsExactly("ed25519.pem->audit-signing-key.pem", "retired-2026-11.pem->trusted-0.pem",
						"retired-2026-06.pem->trusted-1.pem");
		});
		binding(applicationYaml(documents))
			.withPropertyValues(
					"gateway.audit.trusted-keys=" + env(container, "GATEWAY_AUDIT_TRUSTEDKEYS").get("value"))
			.run((context) -> assertThat(context.getBean(GatewayProperties.class).audit().trustedKeys())
				.containsExactly("file:/etc/backup-gateway/trusted-0.pem", "file:/etc/backup-gateway/trusted-1.pem"));
		Map<String, Object> plain = this
			.<List<Map<String, Object>>>at(
					find(render((template) -> template.withValuesFile(FULL_VALUES)), "Deployment"),
					"spec.template.spec.containers")
			.get(0);
		assertThat(this.<List<Map<String, Object>>>at(plain, "env")).as("none when none are listed")
			.noneSatisfy((variable) -> assertThat(variable.get("name")).isEqualTo("GATEWAY_AUDIT_TRUSTEDKEYS"));
	}

	@Test
	void anEntryKeyAndThoseOfBeforeARotationAreMountedAndBound() throws IOException {
		List<Map<String, Object>> documents = render((template) -> template.withValuesFile(FULL_VALUES)
			.set("auditSigningKey.entryKey", "entry-2026-12")
			.set("auditSigningKey.previousEntryKeys[0]", "entry-2026-06"));
		Map<String, Object> pod = at(find(documents, "Deployment"), "spec.template.spec");
		Map<String, Object> container = this.<List<Map<String, Object>>>at(pod, "containers").get(0);
		assertThat(this.<List<Map<String, Object>>>at(pod, "volumes")).anySatisfy((volume) -> {
			assertThat(volume.get("name")).isEqualTo("audit-signing-key");
			assertThat(this.<List<Map<String, Object>>>at(volume, "secret.items"))
				.extracting((item) -> item.get("key") + "->" + item.get("path"))
				.containsExactly("ed25519.pem->audit-signing-key.pem", "entry-2026-12->audit-entry-key",
						"entry-2026-06->previous-entry-0");
		});
		binding(applicationYaml(documents)).withPropertyValues(
				"gateway.audit.entry-key=" + env(container, "GATEWAY_AUDIT_ENTRYKEY").get("value"),
				"gateway.audit.previous-entry-keys=" + env(container, "GATEWAY_AUDIT_PREVIOUSENTRYKEYS").get("value"))
			.run((context) -> {
				assertThat(context.getBean(GatewayProperties.class).audit().entryKey())
					.isEqualTo("file:/etc/backup-gateway/audit-entry-key");
				assertThat(context.getBean(GatewayProperties.class).audit().previousEntryKeys())
					.containsExactly("file:/etc/backup-gateway/previous-entry-0");
			});
	}

	@Test
	void withoutASigningKeyNothingRenders() {
		assertThatThrownBy(() -> render((template) -> template.set("auditSigningKey.existingSecret", "")))
			.hasMessageContaining("auditSigningKey.existingSecret is required");
	}

	@Test
	void securityContextsComeFromValuesSoOpenShiftCanLetItsPolicyChoose() {
		Map<String, Object> pod = at(find(render((template) -> template.withValuesFile(FULL_VALUES)), "Deployment"),
				"spec.template.spec");
		assertThat(pod).as("podSecurityContext: null leaves user and group to the platform")
			.doesNotContainKey("securityContext");
		Map<String, Object> container = this.<List<Map<String, Object>>>at(pod, "containers").get(0);
		assertThat(value(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		Map<String, Object> tuned = at(
				find(render((template) -> template.set("securityContext.runAsUser", "1000680000")), "Deployment"),
				"spec.template.spec");
		assertThat(value(this.<List<Map<String, Object>>>at(tuned, "containers").get(0), "securityContext.runAsUser"))
			.isEqualTo(1000680000);
	}

	@Test
	void theNetworkPolicyOpensTheManagementPortOnlyToConfiguredPeers() {
		List<Map<String, Object>> ingress = at(
				find(render((template) -> template.set("networkPolicy.enabled", "true")), "NetworkPolicy"),
				"spec.ingress");
		assertThat(ingress).as("no management rule without peers: health details and metrics stay closed").hasSize(1);
		assertThat(String.valueOf(ingress.get(0).get("ports"))).contains("8080");
		assertThat(String.valueOf(ingress.get(0).get("from"))).as("the API from the release's namespace only")
			.isEqualTo("[{podSelector={}}]");

		List<Map<String, Object>> configured = at(
				find(render((template) -> template.withValuesFile(FULL_VALUES)), "NetworkPolicy"), "spec.ingress");
		assertThat(configured).hasSize(2);
		assertThat(String.valueOf(configured.get(1).get("ports"))).contains("8081");
		assertThat(String.valueOf(configured.get(1).get("from"))).contains("monitoring", "10.0.0.0/16");
		assertThat(String.valueOf(configured.get(0).get("from"))).contains("portals").doesNotContain("monitoring");
	}

	@Test
	void everyAlertLinksItsRunbookFromTheConfiguredBase() {
		Map<String, Object> rule = find(render((template) -> template.withValuesFile(FULL_VALUES)), "PrometheusRule");
		List<Map<String, Object>> alerts = at(this.<List<Map<String, Object>>>at(rule, "spec.groups").get(0), "rules");
		assertThat(alerts).isNotEmpty().allSatisfy((alert) -> {
			Map<String, Object> annotations = at(alert, "annotations");
			assertThat(annotations).doesNotContainKey("runbook");
			assertThat((String) annotations.get("runbook_url"))
				.isEqualTo("https://wiki.example.com/backup-gateway/operations#"
						+ ((String) alert.get("alert")).toLowerCase(java.util.Locale.ROOT));
		});
	}

	@Test
	void rendersWithDefaultValues() {
		List<Map<String, Object>> documents = render((template) -> {
		});
		assertThat(kinds(documents)).containsExactlyInAnyOrder("ConfigMap", "Deployment", "PodDisruptionBudget",
				"Secret", "Secret", "Service", "Service", "ServiceAccount");
		Map<String, Object> deployment = find(documents, "Deployment");
		assertThat(value(deployment, "spec.replicas")).isEqualTo(2);
		assertThat(value(deployment, "spec.strategy.rollingUpdate.maxUnavailable")).isEqualTo(0);
		Map<String, Object> pod = at(deployment, "spec.template.spec");
		assertThat(value(pod, "securityContext.runAsNonRoot")).isEqualTo(true);
		assertThat(value(pod, "securityContext.seccompProfile.type")).isEqualTo("RuntimeDefault");
		Map<String, Object> container = this.<List<Map<String, Object>>>at(pod, "containers").get(0);
		assertThat(value(container, "securityContext.readOnlyRootFilesystem")).isEqualTo(true);
		assertThat(value(container, "securityContext.allowPrivilegeEscalation")).isEqualTo(false);
		assertThat(this.<List<String>>at(container, "securityContext.capabilities.drop")).containsExactly("ALL");
		assertThat(value(container, "readinessProbe.httpGet.path")).isEqualTo("/actuator/health/readiness");
		assertThat(value(container, "livenessProbe.httpGet.path")).isEqualTo("/actuator/health/liveness");
		assertThat(value(container, "startupProbe.httpGet.port")).isEqualTo("management");
		assertThat(this.<List<String>>at(container, "lifecycle.preStop.exec.command")).containsExactly("sleep", "10");
		assertThat(this.<List<Map<String, Object>>>at(container, "volumeMounts")).extracting((m) -> m.get("mountPath"))
			.contains("/tmp", "/config");
		assertThat(pod).as("one role migrates and runs").doesNotContainKey("initContainers");
		assertThat(env(container, "LOGGING_STRUCTURED_FORMAT_CONSOLE")).containsEntry("value", "ecs");
		assertThat(this.<List<Map<String, Object>>>at(pod, "topologySpreadConstraints"))
			.extracting((constraint) -> constraint.get("topologyKey"))
			.containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
		assertThat(this.<List<Map<String, Object>>>at(pod, "topologySpreadConstraints"))
			.allSatisfy((constraint) -> assertThat(constraint).containsEntry("whenUnsatisfiable", "ScheduleAnyway"));
		assertThat(documents).filteredOn((document) -> "Service".equals(document.get("kind")))
			.extracting((service) -> value(service, "metadata.name"))
			.containsExactly("gw-backup-gateway", "gw-backup-gateway-management");
		Map<String, Object> service = find(documents, "Service");
		assertThat(this.<List<Map<String, Object>>>at(service, "spec.ports")).extracting((p) -> p.get("targetPort"))
			.containsExactly("http");
	}

	@Test
	void helmTestAsksReadinessThroughTheManagementService() throws IOException {
		// helm template leaves hooks out; lintsStrictly renders this one too
		String hook = Files.readString(CHART.resolve("templates/tests/test-readiness.yaml"));
		assertThat(hook).contains("helm.sh/hook: test", "kind: Pod", "restartPolicy: Never",
				"http://{{ include \"backup-gateway.fullname\" . }}-management:8081/actuator/health/readiness");
	}

	@Test
	void rendersEveryOptionWithFullValues() {
		List<Map<String, Object>> documents = render((template) -> template.withValuesFile(FULL_VALUES));
		assertThat(kinds(documents))
			.contains("HorizontalPodAutoscaler", "NetworkPolicy", "ServiceMonitor", "Ingress", "PrometheusRule")
			.doesNotContain("Secret");
		Map<String, Object> deployment = find(documents, "Deployment");
		assertThat(this.<Map<String, Object>>at(deployment, "spec")).doesNotContainKey("replicas");
		Map<String, Object> container = this.<List<Map<String, Object>>>at(deployment, "spec.template.spec.containers")
			.get(0);
		assertThat(value(container, "image")).isEqualTo("registry.example.com/platform/backup-gateway:1.2.3");
		List<Map<String, Object>> env = at(container, "env");
		assertThat(env).anySatisfy((variable) -> {
			assertThat(variable.get("name")).isEqualTo("GATEWAY_CLOUD_IAM_PASSWORD");
			assertThat(value(variable, "valueFrom.secretKeyRef.name")).isEqualTo("gateway-iam");
			assertThat(value(variable, "valueFrom.secretKeyRef.key")).isEqualTo("iam-password");
		});
		assertThat(env).anySatisfy((variable) -> {
			assertThat(variable.get("name")).isEqualTo("SPRING_DATASOURCE_PASSWORD");
			assertThat(value(variable, "valueFrom.secretKeyRef.name")).isEqualTo("gateway-db");
		});
		assertThat(applicationYaml(documents)).doesNotContain("password");
		assertThat(env(container, "HTTPS_PROXY")).containsEntry("value", "http://proxy.example.internal:3128");
		assertThat(env)
			.noneSatisfy((variable) -> assertThat(variable.get("name")).as("plain-text logs when the format is empty")
				.isEqualTo("LOGGING_STRUCTURED_FORMAT_CONSOLE"));
		assertThat(this.<List<Map<String, Object>>>at(container, "volumeMounts"))
			.anySatisfy((mount) -> assertThat(mount).containsEntry("name", "truststore")
				.containsEntry("mountPath", "/etc/truststore"));
		assertThat(this.<List<Map<String, Object>>>at(deployment, "spec.template.spec.volumes"))
			.anySatisfy((volume) -> assertThat(volume).containsEntry("name", "truststore"));
		assertThat(this.<Map<String, Object>>at(deployment, "spec.template.spec"))
			.doesNotContainKey("topologySpreadConstraints");
		Map<String, Object> ingress = find(documents, "Ingress");
		assertThat(value(ingress, "spec.ingressClassName")).isEqualTo("nginx");
		assertThat(this.<List<Map<String, Object>>>at(ingress, "spec.rules").get(0)).containsEntry("host",
				"backups.example.com");
		assertThat(String.valueOf(value(ingress, "spec.rules"))).contains("/v1").doesNotContain("8081", "actuator");
		Map<String, Object> rule = find(documents, "PrometheusRule");
		assertThat(String.valueOf(value(rule, "spec.groups"))).contains("BackupGatewayAuditWritesFailing",
				"BackupGatewayCircuitBreakerOpen", "BackupGatewayIamRefreshFailing",
				"BackupGatewayPendingEntriesPilingUp", "BackupGatewayErrorRatio", "BackupGatewayOwnershipStale",
				"{{ $labels.project }}", "> 0.02");
		assertThat(documents).filteredOn((document) -> "ConfigMap".equals(document.get("kind")))
			.extracting((configMap) -> value(configMap, "metadata.name"))
			.contains("gw-backup-gateway-dashboard");
	}

	@Test
	void theOwnerRoleMigratesInAnInitContainerAndTheKeyIsMountedFromItsSecret() {
		Map<String, Object> pod = at(find(render((template) -> template.withValuesFile(FULL_VALUES)), "Deployment"),
				"spec.template.spec");
		Map<String, Object> migrate = this.<List<Map<String, Object>>>at(pod, "initContainers").get(0);
		Map<String, Object> gateway = this.<List<Map<String, Object>>>at(pod, "containers").get(0);

		assertThat(this.<List<String>>at(migrate, "args")).containsExactly("--gateway.migrate-only=true");
		assertThat(env(migrate, "SPRING_FLYWAY_USER")).containsEntry("value", "gateway_owner");
		assertThat(value(env(migrate, "SPRING_FLYWAY_PASSWORD"), "valueFrom.secretKeyRef.name"))
			.isEqualTo("gateway-db-owner");
		assertThat(env(migrate, "SPRING_MAIN_WEB_APPLICATION_TYPE")).containsEntry("value", "none");
		assertThat(this.<List<Map<String, Object>>>at(gateway, "env")).extracting((variable) -> variable.get("name"))
			.as("the owner's password stays in the init container")
			.doesNotContain("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD");
		assertThat(env(gateway, "SPRING_FLYWAY_ENABLED")).containsEntry("value", "false");
		for (Map<String, Object> container : List.of(migrate, gateway)) {
			assertThat(env(container, "GATEWAY_AUDIT_SIGNING_KEY")).containsEntry("value",
					"file:/etc/backup-gateway/audit-signing-key.pem");
			assertThat(this.<List<Map<String, Object>>>at(container, "volumeMounts"))
				.anySatisfy((mount) -> assertThat(mount).containsEntry("name", "audit-signing-key")
					.containsEntry("mountPath", "/etc/backup-gateway")
					.containsEntry("readOnly", true));
		}
		assertThat(this.<List<Map<String, Object>>>at(pod, "volumes")).anySatisfy((volume) -> {
			assertThat(volume.get("name")).isEqualTo("audit-signing-key");
			assertThat(value(volume, "secret.secretName")).isEqualTo("gateway-audit-key");
			assertThat(this.<List<Map<String, Object>>>at(volume, "secret.items").get(0))
				.containsEntry("key", "ed25519.pem")
				.containsEntry("path", "audit-signing-key.pem");
		});
	}

	private Map<String, Object> env(Map<String, Object> container, String name) {
		return this.<List<Map<String, Object>>>at(container, "env")
			.stream()
			.filter((variable) -> name.equals(variable.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + " is not set"));
	}

	@Test
	void theRenderedConfigurationBindsToTheApplication() throws IOException {
		String yaml = applicationYaml(render((template) -> template.withValuesFile(FULL_VALUES)));
		binding(yaml).run((context) -> {
			assertThat(context).hasNotFailed();
			GatewayProperties properties = context.getBean(GatewayProperties.class);
			assertThat(properties.security().issuer()).isEqualTo("https://idp.example.com/realms/corp");
			assertThat(properties.security().teamsClaim()).isEqualTo("groups.teams");
			assertThat(properties.cloud().responseTimeout()).isEqualTo(Duration.ofSeconds(20));
			assertThat(properties.cloud().circuitBreaker().openFor()).isEqualTo(Duration.ofSeconds(60));
			assertThat(properties.cloud().projects()).containsKey("eu-de-prod");
			assertThat(properties.teams()).containsKeys("payments", "search");
			assertThat(properties.teams().get("search").backupNamePrefix()).isEmpty();
			assertThat(properties.teams().get("payments").maxBackupsPerHour()).isEqualTo(10);
			assertThat(properties.jobs().giveUpAfter()).isEqualTo(Duration.ofMinutes(45));
			assertThat(context.getEnvironment().getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"))
				.isEqualTo("https://idp.example.com/realms/corp/protocol/openid-connect/certs");
			assertThat(context.getEnvironment().getProperty("management.server.port")).isEqualTo("8081");
			assertThat(context.getEnvironment().getProperty("server.shutdown")).isEqualTo("graceful");
			assertThat(properties.console().sessionTimeout()).isEqualTo(Duration.ofMinutes(15));
			assertThat(context.getEnvironment().getProperty("spring.security.oauth2.client.registration.idp.client-id"))
				.isEqualTo("backup-gateway-console");
			assertThat(context.getEnvironment().getProperty("spring.security.oauth2.client.provider.idp.issuer-uri"))
				.isEqualTo("https://idp.example.com/realms/corp");
			assertThat(
					context.getEnvironment().getProperty("spring.security.oauth2.client.registration.idp.redirect-uri"))
				.isEqualTo("https://backups.example.com/console/login/oauth2/code/idp");
		});
	}

	@Test
	void theConsoleSignsInAtTheConfiguredProviderWithItsSecretByReferenceAndIsRouted() {
		List<Map<String, Object>> on = render((template) -> template.withValuesFile(FULL_VALUES));
		Map<String, Object> container = this
			.<List<Map<String, Object>>>at(find(on, "Deployment"), "spec.template.spec.containers")
			.get(0);
		assertThat(env(container, "SPRING_SECURITY_OAUTH2_CLIENT_REGISTRATION_IDP_CLIENTSECRET"))
			.satisfies((variable) -> {
				assertThat(value(variable, "valueFrom.secretKeyRef.name")).isEqualTo("gateway-console");
				assertThat(value(variable, "valueFrom.secretKeyRef.key")).isEqualTo("console-secret");
			});
		assertThat(applicationYaml(on)).doesNotContain("client-secret");
		assertThat(String.valueOf(value(find(on, "Ingress"), "spec.rules"))).contains("/console");

		List<Map<String, Object>> off = render(
				(template) -> template.withValuesFile(FULL_VALUES).set("console.enabled", "false"));
		assertThat(applicationYaml(off)).doesNotContain("registration");
		assertThat(String.valueOf(value(find(off, "Ingress"), "spec.rules"))).doesNotContain("/console");
		assertThatThrownBy(
				() -> render((template) -> template.withValuesFile(FULL_VALUES).set("console.existingSecret", "")))
			.hasMessageContaining("existingSecret");
	}

	@Test
	void forwardedHeadersAreOffUnlessTrustedProxiesAreNamed() throws IOException {
		binding(applicationYaml(render((template) -> {
		}))).withUserConfiguration(ForwardedHeadersGuard.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getEnvironment().getProperty("server.forward-headers-strategy")).isEqualTo("none");
		});
		binding(applicationYaml(render((template) -> template.set("forwardedHeaders.strategy", "native")
			.set("forwardedHeaders.trustedProxies", "10\\.1\\.2\\.3"))))
			.withUserConfiguration(ForwardedHeadersGuard.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getEnvironment().getProperty("server.tomcat.remoteip.internal-proxies"))
					.isEqualTo("10\\.1\\.2\\.3");
			});
		binding(applicationYaml(render((template) -> template.set("forwardedHeaders.strategy", "native"))))
			.withUserConfiguration(ForwardedHeadersGuard.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("server.tomcat.remoteip.internal-proxies"));
	}

	@Test
	void theDefaultConfigurationBindsToo() throws IOException {
		binding(applicationYaml(render((template) -> {
		}))).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aCrossReferenceTheSchemaCannotSeeIsCaughtByTheApplication() throws IOException {
		String yaml = applicationYaml(render((template) -> template.withValuesFile(FULL_VALUES)
			.set("gateway.teams.payments.instances[0].project", "eu-de-prd")));
		binding(yaml).run((context) -> assertThat(context).getFailure()
			.rootCause()
			.hasMessageContaining("gateway.teams.payments.instances[0].project 'eu-de-prd' is not defined"));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "replicaCount|two", "gateway.security.audience|null", "gateway.cloud.iam.endpoint|null",
					"gateway.cloud.response-timeout|thirty seconds", "gateway.teams.Payments.instances[0].id|x1",
					"gateway.cloud.projects.p.id|not-an-id", "gateway.teams.payments.instances[0].id|has-dash",
					"gateway.limits.max-backups-per-team-per-hour|0", "gateway.cloud.iam.password|secret",
					"jwkSetUri|not a url", "database.url|jdbc:mysql://db/gateway",
					"gateway.ownership.tag-key|a key with spaces" })
	void theSchemaRejectsWrongValues(String key, String value) {
		assertThatThrownBy(() -> render(
				(template) -> template.withValuesFile(FULL_VALUES).set(key, "null".equals(value) ? null : value)))
			.hasMessageContaining("schema");
	}

	static List<Map<String, Object>> render(Consumer<TemplateCommand> values) {
		TemplateCommand template = new Helm(CHART).template()
			.withName("gw")
			.withNamespace("backups")
			.withKubeVersion("1.30.0")
			.withValuesFile(SIGNING_KEY_VALUES);
		values.accept(template);
		List<Map<String, Object>> documents = new ArrayList<>();
		for (Object document : new Yaml().loadAll(template.call())) {
			if (document instanceof Map<?, ?> map) {
				@SuppressWarnings("unchecked")
				Map<String, Object> typed = (Map<String, Object>) map;
				documents.add(typed);
			}
		}
		return documents;
	}

	private static String applicationYaml(List<Map<String, Object>> documents) {
		Map<String, Object> configMap = find(documents, "ConfigMap");
		return new HelmChartTests().<String>at(configMap, "data.application.yaml");
	}

	/**
	 * The rendered configuration as the application reads it, plus the secrets the pod
	 * gets from env.
	 */
	private static ApplicationContextRunner binding(String yaml) throws IOException {
		List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("configmap",
				new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(Enable.class)
			.withInitializer((context) -> sources.forEach(context.getEnvironment().getPropertySources()::addLast))
			.withPropertyValues("gateway.cloud.iam.password=from-the-secret");
	}

	private static List<String> kinds(List<Map<String, Object>> documents) {
		return documents.stream().map((document) -> (String) document.get("kind")).toList();
	}

	private static Map<String, Object> find(List<Map<String, Object>> documents, String kind) {
		return documents.stream().filter((document) -> kind.equals(document.get("kind"))).findFirst().orElseThrow();
	}

	Object value(Map<String, Object> document, String path) {
		return at(document, path);
	}

	@SuppressWarnings("unchecked")
	<T> T at(Map<String, Object> document, String path) {
		Object current = document;
		String rest = path;
		while (!rest.isEmpty()) {
			Map<String, Object> map = (Map<String, Object>) current;
			String key = map.containsKey(rest) ? rest : rest.split("\\.")[0];
			current = map.get(key);
			rest = (key.length() == rest.length()) ? "" : rest.substring(key.length() + 1);
		}
		return (T) current;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(GatewayProperties.class)
	static class Enable {

	}

}
