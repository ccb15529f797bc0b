package io.backupgateway.deploy;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an on-call engineer relies on (docs/operations.md), against the running gateway:
 * log lines carrying the request id and one access line per request, the meters of every
 * event on {@code /actuator/prometheus}, {@code traceparent} on the calls to the cloud,
 * the IAM and audit-lag health indicators, build and commit in {@code /actuator/info},
 * and the chart's alerts and dashboard naming only meters the gateway really exposes.
 */
@GatewayIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class OperationsIT {

	static final String OPS_INSTANCE = "f9c3df7ad9d59c984fbbcc58b5bd9664in06";

	static final String IAM_DOWN_INSTANCE = "a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5in06";

	static final String IAM_DOWN_PROJECT_ID = "6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b6b";

	static final Pattern METRIC = Pattern
		.compile("\\b((?:gateway|resilience4j|http_server|jvm|process|hikaricp)_[a-z0-9_]+)\\b");

	@LocalManagementPort
	int managementPort;

	final WireMockServer cloud = CloudStub.server();

	final GatewayHttp http;

	OperationsIT(GatewayHttp http) {
		this.http = http;
	}

	@Test
	void everyLineOfARequestCarriesItsIdAndItEndsWithOneAccessLine(CapturedOutput output) {
		String accepted = "ops-" + UUID.randomUUID();
		String refused = "ops-" + UUID.randomUUID();
		assertThat(create(OPS_INSTANCE, "ops-nightly", accepted).statusCode()).isEqualTo(202);
		assertThat(create(OPS_INSTANCE, "payments-not-ours", refused).statusCode()).isEqualTo(400);

		List<String> acceptedLines = linesWith(output, accepted);
		assertThat(acceptedLines).filteredOn((line) -> line.contains("io.backupgateway.access"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(" INFO ", "backup.create team=ops",
					"instance_id=" + OPS_INSTANCE, "outcome=accepted", "http_status=202", "upstream_status=202",
					"duration_ms="));
		assertThat(acceptedLines).allSatisfy((line) -> assertThat(line).containsPattern("trace_id=[0-9a-f]{32}"));

		List<String> refusedLines = linesWith(output, refused);
		assertThat(refusedLines).filteredOn((line) -> line.contains("io.backupgateway.access"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ", "outcome=rejected", "http_status=400",
					"code=naming-policy", "upstream_status=-"));
		assertThat(output.getAll()).as("an expected refusal logs no stack trace").doesNotContain("\tat ");
	}

	@Test
	void theCallToTheCloudCarriesTheRequestsTraceparent(CapturedOutput output) {
		String requestId = "ops-" + UUID.randomUUID();
		assertThat(create(OPS_INSTANCE, "ops-traced", requestId).statusCode()).isEqualTo(202);

		List<LoggedRequest> calls = this.cloud
			.findAll(postRequestedFor(urlPathMatching("/v3/[0-9a-f]{32}/instances/" + OPS_INSTANCE + "/backups")));
		assertThat(calls).hasSize(1);
		String traceparent = calls.get(0).getHeader("traceparent");
		assertThat(traceparent).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
		String traceId = traceparent.split("-")[1];
		assertThat(linesWith(output, requestId)).as("the request's log lines name the trace sent upstream")
			.anySatisfy((line) -> assertThat(line).contains("trace_id=" + traceId));
	}

	@Test
	void everyEventIsReadBackFromPrometheus() {
		assertThat(create(OPS_INSTANCE, "ops-metered", "ops-" + UUID.randomUUID()).statusCode()).isEqualTo(202);
		this.cloud.stubFor(CloudStub.iamTokens()
			.withRequestBody(containing(IAM_DOWN_PROJECT_ID))
			.atPriority(1)
			.willReturn(serverError()));
		assertThat(create(IAM_DOWN_INSTANCE, "ops-no-token", "ops-" + UUID.randomUUID()).statusCode()).isEqualTo(503);

		String metrics = scrape();
		assertThat(metrics)
			.containsPattern(
					"gateway_requests_seconds_count\\{action=\"backup.create\",[^}]*outcome=\"accepted\"[^}]*} [1-9]")
			.containsPattern("gateway_requests_seconds_bucket\\{[^}]*le=\"0.1\"")
			.containsPattern(
					"gateway_upstream_requests_seconds_count\\{call=\"POST /v3/\\{project_id}/instances/\\{instance_id}/backups\",project=\"eu-de-ops\",status=\"2xx\"} [1-9]")
			.containsPattern("gateway_iam_token_fetches_total\\{project=\"eu-de-ops\",result=\"success\"} 1.0")
			.containsPattern(
					"gateway_iam_token_fetches_total\\{project=\"eu-de-ops-iam-down\",result=\"failure\"} [1-9]")
			.containsPattern("gateway_iam_token_age_seconds\\{project=\"eu-de-ops\"} [0-9]")
			.containsPattern("gateway_audit_writes_seconds_count\\{operation=\"insert\",result=\"success\"} [1-9]")
			.containsPattern("gateway_audit_writes_seconds_count\\{operation=\"complete\",result=\"success\"} [1-9]")
			.containsPattern("gateway_audit_pending_entries [0-9]")
			.containsPattern("gateway_audit_unsealed_entries [1-9]")
			.containsPattern(
					"resilience4j_circuitbreaker_state\\{[^}]*name=\"eu-de-ops\"[^}]*state=\"closed\"[^}]*} 1.0")
			.doesNotContain(OPS_INSTANCE);
	}

	@Test
	void healthReportsIamAndAuditLagWithoutLeavingReadiness() {
		this.cloud.stubFor(CloudStub.iamTokens()
			.withRequestBody(containing(IAM_DOWN_PROJECT_ID))
			.atPriority(1)
			.willReturn(serverError()));
		assertThat(create(IAM_DOWN_INSTANCE, "ops-no-token", "ops-" + UUID.randomUUID()).statusCode()).isEqualTo(503);
		GatewayHttp management = new GatewayHttp(this.managementPort);

		HttpResponse<String> health = management.send(management.request("/actuator/health").GET().build());
		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode components = GatewayHttp.json(health).path("components");
		assertThat(components.path("iam").path("status").asString()).isEqualTo("DEGRADED");
		assertThat(
				components.path("iam").path("details").path("eu-de-ops-iam-down").path("last_fetch_result").asString())
			.isEqualTo("failure");
		assertThat(components.path("auditLag").path("status").asString()).isEqualTo("UP");
		assertThat(components.path("auditLag").path("details").has("unsealed")).isTrue();
		assertThat(components.path("auditLag").path("details").has("oldest_pending_seconds")).isTrue();
		HttpResponse<String> readiness = management
			.send(management.request("/actuator/health/readiness").GET().build());
		assertThat(readiness.statusCode()).isEqualTo(200);
		assertThat(readiness.body()).doesNotContain("iam", "auditLag");

		// IAM answers again: the project's next token clears it
		CloudStub.reset();
		assertThat(create(IAM_DOWN_INSTANCE, "ops-token-again", "ops-" + UUID.randomUUID()).statusCode())
			.isEqualTo(202);
		JsonNode after = GatewayHttp.json(management.send(management.request("/actuator/health").GET().build()));
		JsonNode project = after.path("components").path("iam").path("details").path("eu-de-ops-iam-down");
		assertThat(project.path("last_fetch_result").asString()).isEqualTo("success");
		assertThat(project.path("token").asString()).startsWith("valid until ");
	}

	@Test
	void infoShowsTheBuildVersionAndTheCommit() {
		GatewayHttp management = new GatewayHttp(this.managementPort);
		JsonNode info = GatewayHttp.json(management.send(management.request("/actuator/info").GET().build()));
		assertThat(info.path("build").path("version").asString()).isNotBlank();
		assertThat(info.path("build").path("artifact").asString()).isEqualTo("backup-gateway");
		assertThat(info.path("git").path("commit").path("id").asString()).matches("[0-9a-f]{7,40}");
	}

	@Test
	void theChartsAlertsAndDashboardNameOnlyMetersTheGatewayExposes() {
		assertThat(create(OPS_INSTANCE, "ops-charted", "ops-" + UUID.randomUUID()).statusCode()).isEqualTo(202);
		Set<String> exposed = new TreeSet<>();
		Matcher names = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]").matcher(scrape());
		while (names.find()) {
			exposed.add(names.group(1));
		}

		List<Map<String, Object>> documents = HelmChartTests
			.render((template) -> template.withValuesFile(HelmChartTests.FULL_VALUES)
				.set("prometheusRule.enabled", "true")
				.set("grafanaDashboard.enabled", "true"));
		StringBuilder queries = new StringBuilder();
		HelmChartTests chart = new HelmChartTests();
		documents.stream().filter((document) -> "PrometheusRule".equals(document.get("kind"))).forEach((rule) -> {
			for (Map<String, Object> group : chart.<List<Map<String, Object>>>at(rule, "spec.groups")) {
				for (Map<String, Object> alert : chart.<List<Map<String, Object>>>at(group, "rules")) {
					queries.append(alert.get("expr")).append('\n');
				}
			}
		});
		String dashboard = documents.stream()
			.filter((document) -> "ConfigMap".equals(document.get("kind"))
					&& chart.<String>at(document, "metadata.name").endsWith("-dashboard"))
			.map((document) -> (String) chart.<Map<String, Object>>at(document, "data").get("backup-gateway.json"))
			.findFirst()
			.orElseThrow();
		for (JsonNode panel : JsonMapper.builder().build().readTree(dashboard).path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				queries.append(target.path("expr").asString()).append('\n');
			}
		}

		Set<String> named = new TreeSet<>();
		Matcher metric = METRIC.matcher(queries);
		while (metric.find()) {
			named.add(metric.group(1));
		}
		assertThat(named).hasSizeGreaterThan(10);
		assertThat(exposed).containsAll(named);
	}

	private HttpResponse<String> create(String instance, String name, String requestId) {
		return this.http.post(backupsOf("ops", instance), TestJwts.member("ops"), body(name, "operations"),
				"X-Request-Id", requestId);
	}

	private String scrape() {
		GatewayHttp management = new GatewayHttp(this.managementPort);
		return management.send(management.request("/actuator/prometheus").GET().build()).body();
	}

	private static List<String> linesWith(CapturedOutput output, String text) {
		return output.getAll().lines().filter((line) -> line.contains(text)).toList();
	}

}
