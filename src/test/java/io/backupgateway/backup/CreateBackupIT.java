package io.backupgateway.backup;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.nimbusds.jwt.JWTClaimsSet;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The create-backup endpoint end to end: real HTTP, real signed JWTs, PostgreSQL as the
 * audit store, WireMock as IAM and GeminiDB.
 */
@GatewayIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class CreateBackupIT {

	static final String PAYMENTS_1 = "a4d8ea2584e047439a667703c0684119in06";

	static final String PAYMENTS_2 = "b5e9fb3695f158540b778814d1795220in06";

	static final String SEARCH_1 = "c6f0ac47a6a269651c889925e28a6331in06";

	static final String BURST_1 = "d7a1bd58b7b37a762d99aa36f39b7442in06";

	static final String CREATE_PATH = "/v3/" + CloudStub.PROJECT_ID + "/instances/" + PAYMENTS_1 + "/backups";

	@LocalManagementPort
	int managementPort;

	@Autowired
	JdbcClient jdbc;

	final WireMockServer cloud = CloudStub.server();

	final GatewayHttp http;

	CreateBackupIT(GatewayHttp http) {
		this.http = http;
	}

	@Test
	void createsABackupAndAuditsIt() {
		String requestId = requestId();
		HttpResponse<String> response = this.http.post(backupsOf("payments", PAYMENTS_1), TestJwts.member("payments"),
				body("payments-pre-migration", "before schema v42"), "X-Request-Id", requestId, "User-Agent",
				"portal/1.0");

		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.headers().firstValue("X-Request-Id")).hasValue(requestId);
		JsonNode body = json(response);
		assertThat(body.propertyNames()).containsExactlyInAnyOrder("job_id", "backup_id", "audit_id", "team",
				"instance_id", "name");
		assertThat(body.get("job_id").stringValue()).isEqualTo(CloudStub.JOB_ID);
		assertThat(body.get("backup_id").stringValue()).isEqualTo(CloudStub.BACKUP_ID);
		assertThat(body.get("team").stringValue()).isEqualTo("payments");
		assertThat(body.get("instance_id").stringValue()).isEqualTo(PAYMENTS_1);
		assertThat(body.get("name").stringValue()).isEqualTo("payments-pre-migration");

		Map<String, Object> entry = entry(requestId);
		assertThat(entry.get("audit_id")).hasToString(body.get("audit_id").stringValue());
		assertThat(entry).containsEntry("action", "backup.create")
			.containsEntry("actor", "alice")
			.containsEntry("actor_name", "alice.smith")
			.containsEntry("team", "payments")
			.containsEntry("instance_id", PAYMENTS_1)
			.containsEntry("project_id", CloudStub.PROJECT_ID)
			.containsEntry("backup_name", "payments-pre-migration")
			.containsEntry("description", "before schema v42")
			.containsEntry("outcome", "accepted")
			.containsEntry("http_status", 202)
			.containsEntry("code", null)
			.containsEntry("upstream_status", 202)
			.containsEntry("upstream_error_code", null)
			.containsEntry("job_id", CloudStub.JOB_ID)
			.containsEntry("backup_id", CloudStub.BACKUP_ID)
			.containsEntry("idempotency_key", null)
			.containsEntry("client_ip", "127.0.0.1")
			.containsEntry("user_agent", "portal/1.0");
		assertThat((Long) entry.get("duration_ms")).isNotNull().isGreaterThanOrEqualTo(0L);
	}

	@Test
	void sendsExactlyWhatTheUpstreamApiSpecifies() {
		String callerToken = TestJwts.member("payments");
		assertThat(
				this.http.post(backupsOf("payments", PAYMENTS_1), callerToken, body("payments-exact", "as documented"))
					.statusCode())
			.isEqualTo(202);

		this.cloud.verify(1,
				postRequestedFor(urlPathEqualTo(CREATE_PATH)).withHeader("X-Auth-Token", equalTo(CloudStub.IAM_TOKEN))
					.withHeader("Content-Type", equalTo("application/json"))
					.withHeader("Authorization", absent())
					.withRequestBody(equalToJson("{\"name\":\"payments-exact\",\"description\":\"as documented\"}")));
		this.cloud.getAllServeEvents()
			.forEach((event) -> assertThat(event.getRequest().getBodyAsString() + event.getRequest().getHeaders())
				.doesNotContain(callerToken));
	}

	@Test
	void asksIamForAProjectScopedTokenWithPasswordCredentials() {
		// a token error forces a fresh IAM request, whatever an earlier test left in the
		// cache
		this.cloud.stubFor(CloudStub.createBackups()
			.inScenario("token")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(CloudStub.cloudError(401, "APIGW.0307", "The token must be updated"))
			.willSetStateTo("refreshed"));
		assertThat(create("payments", PAYMENTS_1, "payments-scoped").statusCode()).isEqualTo(202);

		this.cloud
			.verify(postRequestedFor(urlPathEqualTo("/v3/auth/tokens")).withQueryParam("nocatalog", equalTo("true"))
				.withRequestBody(matchingJsonPath("$.auth.identity.methods[0]", equalTo("password")))
				.withRequestBody(matchingJsonPath("$.auth.identity.password.user.name", equalTo("backup-gateway")))
				.withRequestBody(
						matchingJsonPath("$.auth.identity.password.user.password", equalTo(CloudStub.IAM_PASSWORD)))
				.withRequestBody(matchingJsonPath("$.auth.identity.password.user.domain.name", equalTo("test-domain")))
				.withRequestBody(matchingJsonPath("$.auth.scope.project.id", equalTo(CloudStub.PROJECT_ID)))
				.withHeader("Authorization", absent()));
	}

	@Test
	void acceptsAnyTwoHundredCarryingTheIds() {
		this.cloud.stubFor(CloudStub.createBackups()
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"job_id\":\"j-200\",\"backup_id\":\"b-200\"}")));
		HttpResponse<String> response = create("payments", PAYMENTS_1, "payments-two-hundred");
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(json(response).get("job_id").stringValue()).isEqualTo("j-200");
	}

	@Nested
	class Refusals {

		@Test
		void deniesACallerOutsideTheTeamAndSendsNothing() {
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("search"), body("payments-x1", "d"), "X-Request-Id", requestId);
			assertProblem(response, 403, "forbidden");
			assertThat(entry(requestId)).containsEntry("outcome", "denied")
				.containsEntry("http_status", 403)
				.containsEntry("code", "forbidden")
				.containsEntry("team", "payments")
				.containsEntry("instance_id", PAYMENTS_1);
			assertNothingSentUpstream();
		}

		@Test
		void deniesAMemberWithoutThePermission() {
			String token = TestJwts
				.token((claims) -> claims.claim("teams", List.of("payments")).claim("scope", "audit:read"));
			assertProblem(
					CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1), token, body("payments-x2", "d")),
					403, "forbidden");
			assertNothingSentUpstream();
		}

		@Test
		void aNonMemberLearnsNothingAboutTheBody() {
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("search"), "{not json");
			assertProblem(response, 403, "forbidden");
		}

		@Test
		void refusesAnInstanceNotRegisteredToTheTeam() {
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", SEARCH_1),
					TestJwts.member("payments", "search"), body("payments-x3", "d"), "X-Request-Id", requestId);
			assertProblem(response, 404, "instance-not-found");
			assertThat(entry(requestId)).containsEntry("outcome", "rejected")
				.containsEntry("code", "instance-not-found");
			assertNothingSentUpstream();
		}

		@Test
		void refusesABadPathBeforeAskingWhoTheCallerIs() {
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("Payments", "a4d8-in06"),
					TestJwts.member("search"), body("payments-x4", "d"), "X-Request-Id", requestId);
			JsonNode problem = assertProblem(response, 400, "invalid-request");
			assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("team", "instance_id");
			assertThat(entry(requestId)).containsEntry("outcome", "rejected").containsEntry("team", "Payments");
			assertNothingSentUpstream();
		}

		@Test
		void refusesAnInstanceIdLongerThan64Characters() {
			assertProblem(create("payments", "a".repeat(65), "payments-long"), 400, "invalid-request");
		}

		@Test
		void reportsEveryBrokenBodyRuleAtOnce() {
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("payments"), "{\"name\":\"1x\",\"description\":\"a=b\",\"retention\":7}",
					"X-Request-Id", requestId);
			JsonNode problem = assertProblem(response, 400, "invalid-request");
			assertThat(problem.get("errors").findValuesAsString("field")).contains("retention", "name", "description");
			assertThat(entry(requestId)).containsEntry("outcome", "rejected")
				.containsEntry("backup_name", "1x")
				.containsEntry("description", "a=b");
			assertNothingSentUpstream();
		}

		@ParameterizedTest
		@MethodSource("io.backupgateway.backup.CreateBackupIT#invalidBodies")
		void refusesInvalidBodies(String body, String field) {
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("payments"), body, "X-Request-Id", requestId);
			JsonNode problem = assertProblem(response, 400, "invalid-request");
			if (!field.isEmpty()) {
				assertThat(problem.get("errors").findValuesAsString("field")).contains(field);
			}
			assertThat(entry(requestId)).containsEntry("outcome", "rejected").containsEntry("http_status", 400);
			assertNothingSentUpstream();
		}

		@Test
		void refusesAMalformedBodyWithoutQuotingTheParser() {
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("payments"), "{\"name\": \"payments-x\", ");
			JsonNode problem = assertProblem(response, 400, "invalid-request");
			assertThat(problem.get("detail").stringValue()).isEqualTo("The request body is not valid JSON.");
			assertThat(response.body()).doesNotContain("Unexpected", "jackson", "at [Source");
		}

		@Test
		void refusesABodyOver16KiB() {
			String requestId = requestId();
			String big = body("payments-big", "d".repeat(20_000));
			assertProblem(CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1), TestJwts.member("payments"),
					big, "X-Request-Id", requestId), 413, "payload-too-large");
			assertThat(entry(requestId)).containsEntry("outcome", "rejected")
				.containsEntry("code", "payload-too-large");
			assertNothingSentUpstream();
		}

		@Test
		void refusesAChunkedBody() {
			// a body must declare its Content-Length (docs/design.md 3.4, "Hostile
			// input"),
			// large or small
			for (String description : List.of("d".repeat(20_000), "d")) {
				byte[] bytes = body("payments-chunked", description).getBytes();
				HttpRequest request = CreateBackupIT.this.http.request(backupsOf("payments", PAYMENTS_1))
					.header("Authorization", "Bearer " + TestJwts.member("payments"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
					.build();
				assertProblem(CreateBackupIT.this.http.send(request), 400, "invalid-request");
			}
		}

		@Test
		void refusesBodiesThatAreNotJson() {
			HttpRequest noType = CreateBackupIT.this.http.request(backupsOf("payments", PAYMENTS_1))
				.header("Authorization", "Bearer " + TestJwts.member("payments"))
				.POST(HttpRequest.BodyPublishers.ofString(body("payments-x", "d")))
				.build();
			assertProblem(CreateBackupIT.this.http.send(noType), 415, "unsupported-media-type");
			HttpRequest text = CreateBackupIT.this.http.request(backupsOf("payments", PAYMENTS_1))
				.header("Authorization", "Bearer " + TestJwts.member("payments"))
				.header("Content-Type", "text/plain")
				.POST(HttpRequest.BodyPublishers.ofString(body("payments-x", "d")))
				.build();
			assertProblem(CreateBackupIT.this.http.send(text), 415, "unsupported-media-type");
			assertThat(create("payments", PAYMENTS_1, "payments-charset").statusCode()).isEqualTo(202);
			assertNothingSentUpstreamBut(1);
		}

		@ParameterizedTest
		@org.junit.jupiter.params.provider.ValueSource(strings = { "", "has space" })
		void refusesAnInvalidIdempotencyKey(String key) {
			String requestId = requestId();
			JsonNode problem = assertProblem(
					CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1), TestJwts.member("payments"),
							body("payments-idem", "d"), "X-Request-Id", requestId, "Idempotency-Key", key),
					400, "invalid-request");
			assertThat(problem.get("errors").findValuesAsString("field")).containsExactly("Idempotency-Key");
			assertThat(entry(requestId)).containsEntry("outcome", "rejected");
			assertNothingSentUpstream();
		}

		@Test
		void refusesAnIdempotencyKeyOf129Characters() {
			assertProblem(CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1), TestJwts.member("payments"),
					body("payments-idem", "d"), "Idempotency-Key", "k".repeat(129)), 400, "invalid-request");
		}

		@Test
		void recordsAValidIdempotencyKey() {
			String requestId = requestId();
			assertThat(CreateBackupIT.this.http
				.post(backupsOf("payments", PAYMENTS_1), TestJwts.member("payments"), body("payments-idem", "d"),
						"X-Request-Id", requestId, "Idempotency-Key", "k".repeat(128))
				.statusCode()).isEqualTo(202);
			assertThat(entry(requestId)).containsEntry("idempotency_key", "k".repeat(128));
		}

		@Test
		void enforcesTheDefaultTeamPrefix() {
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("payments"), body("ledger-pre-migration", "d"), "X-Request-Id", requestId);
			JsonNode problem = assertProblem(response, 400, "naming-policy");
			assertThat(problem.get("errors").get(0).get("field").stringValue()).isEqualTo("name");
			assertThat(entry(requestId)).containsEntry("outcome", "rejected").containsEntry("code", "naming-policy");
			assertNothingSentUpstream();
		}

		@Test
		void enforcesATeamPattern() {
			assertProblem(create("search", SEARCH_1, "search-V1"), 400, "naming-policy");
			assertThat(create("search", SEARCH_1, "index-v2").statusCode()).isEqualTo(202);
		}

		@Test
		void upstreamRulesComeBeforeTheNamingPolicy() {
			assertProblem(create("payments", PAYMENTS_1, "payments-with.dot"), 400, "invalid-request");
		}

	}

	static List<org.junit.jupiter.params.provider.Arguments> invalidBodies() {
		return List.of(args("{\"name\":\"payments-abc\"}", "description"), args("{\"description\":\"d\"}", "name"),
				args("{\"name\":null,\"description\":\"d\"}", "name"),
				args("{\"name\":\"payments-abc\",\"description\":null}", "description"),
				args("{\"name\":1234,\"description\":\"d\"}", "name"),
				args("{\"name\":\"payments-abc\",\"description\":7}", "description"),
				args("{\"name\":\"payments-abc\",\"description\":\"d\",\"extra\":true}", "extra"),
				args("{\"name\":\"abc\",\"description\":\"d\"}", "name"),
				args("{\"name\":\"payments-" + "x".repeat(56) + "\",\"description\":\"d\"}", "name"),
				args("{\"name\":\"payments-abc\",\"description\":\"" + "d".repeat(257) + "\"}", "description"),
				args("{\"name\":\"payments-abc\",\"description\":\"tab\\there\"}", "description"),
				args("{\"name\":\"payments-abc\",\"description\":\"lone \\ud800\"}", "description"),
				args("{\"name\":\"payments-abc\",\"description\":\"quote ' here\"}", "description"),
				args("{\"name\":\"payments-a\",\"name\":\"payments-b\",\"description\":\"d\"}", ""),
				args("{\"name\":\"payments-abc\",\"description\":\"d\"} {}", ""), args("[]", ""), args("\"x\"", ""),
				args("", ""));
	}

	private static org.junit.jupiter.params.provider.Arguments args(String body, String field) {
		return org.junit.jupiter.params.provider.Arguments.of(body, field);
	}

	@Nested
	class CloudAnswers {

		@Test
		void aBusyInstanceIsUpstreamRejected() {
			CreateBackupIT.this.cloud.stubFor(CloudStub.createBackups()
				.willReturn(CloudStub.cloudError(403, "DBS.200019", "The instance is being operated")));
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("payments"), body("payments-busy", "d"), "X-Request-Id", requestId);
			JsonNode problem = assertProblem(response, 409, "upstream-rejected");
			assertThat(problem.get("upstream_status").intValue()).isEqualTo(403);
			assertThat(problem.get("upstream_error_code").stringValue()).isEqualTo("DBS.200019");
			assertThat(problem.get("upstream_error_msg").stringValue()).isEqualTo("The instance is being operated");
			assertThat(entry(requestId)).containsEntry("outcome", "failed")
				.containsEntry("http_status", 409)
				.containsEntry("code", "upstream-rejected")
				.containsEntry("upstream_status", 403)
				.containsEntry("upstream_error_code", "DBS.200019");
			CreateBackupIT.this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		}

		@Test
		void throttlingPassesRetryAfterOn() {
			CreateBackupIT.this.cloud.stubFor(CloudStub.createBackups()
				.willReturn(CloudStub.cloudError(429, "DBS.280443", "too frequent").withHeader("Retry-After", "30")));
			HttpResponse<String> response = create("payments", PAYMENTS_1, "payments-throttled");
			assertProblem(response, 503, "upstream-throttled");
			assertThat(response.headers().firstValue("Retry-After")).hasValue("30");
			CreateBackupIT.this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		}

		@Test
		void aServerErrorIsAnUpstreamErrorAndIsNotRetried() {
			CreateBackupIT.this.cloud
				.stubFor(CloudStub.createBackups().willReturn(CloudStub.cloudError(500, "DBS.200998", "System busy")));
			assertProblem(create("payments", PAYMENTS_1, "payments-five-hundred"), 502, "upstream-error");
			CreateBackupIT.this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		}

		@Test
		void aFailingEndpointIsPausedAndAnswersUpstreamUnavailable() {
			CreateBackupIT.this.cloud
				.stubFor(CloudStub.createBackups().willReturn(CloudStub.cloudError(500, "DBS.200998", "System busy")));
			for (int i = 0; i < 5; i++) {
				assertProblem(create("payments", PAYMENTS_1, "payments-flaky" + i), 502, "upstream-error");
			}
			String requestId = requestId();
			HttpResponse<String> paused = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("payments"), body("payments-paused", "d"), "X-Request-Id", requestId);
			assertProblem(paused, 503, "upstream-unavailable");
			assertThat(Integer.parseInt(paused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 30);
			assertThat(entry(requestId)).containsEntry("outcome", "failed")
				.containsEntry("code", "upstream-unavailable");
			CreateBackupIT.this.cloud.verify(5, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		}

		@Test
		void refusalsByTheCloudDoNotPauseIt() {
			CreateBackupIT.this.cloud.stubFor(CloudStub.createBackups()
				.willReturn(CloudStub.cloudError(403, "DBS.200019", "The instance is being operated")));
			for (int i = 0; i < 6; i++) {
				assertProblem(create("payments", PAYMENTS_1, "payments-busy" + i), 409, "upstream-rejected");
			}
			CreateBackupIT.this.cloud.verify(6, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		}

		@Test
		void anUnreadableSuccessIsAnUpstreamError() {
			CreateBackupIT.this.cloud
				.stubFor(CloudStub.createBackups().willReturn(aResponse().withStatus(202).withBody("<html>ok</html>")));
			assertProblem(create("payments", PAYMENTS_1, "payments-html"), 502, "upstream-error");
		}

		@Test
		void noAnswerInTimeIsATimeoutAndIsNotRetried() {
			CreateBackupIT.this.cloud.stubFor(CloudStub.createBackups()
				.willReturn(aResponse().withStatus(202).withFixedDelay(3_000).withBody("{}")));
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("payments"), body("payments-slow", "d"), "X-Request-Id", requestId);
			assertProblem(response, 504, "upstream-timeout");
			// the cloud may have created it: the entry waits for the backup list
			// (docs/design.md 3.4)
			assertThat(entry(requestId)).containsEntry("outcome", "pending")
				.containsEntry("http_status", 504)
				.containsEntry("code", "upstream-timeout");
			CreateBackupIT.this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		}

		@Test
		void aConnectionLostAfterSendingIsAnUpstreamErrorAndIsNotRetried() {
			CreateBackupIT.this.cloud
				.stubFor(CloudStub.createBackups().willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
			assertProblem(create("payments", PAYMENTS_1, "payments-reset"), 502, "upstream-error");
			CreateBackupIT.this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		}

		@Test
		void aTokenErrorRefreshesTheTokenAndRetriesOnce() {
			CreateBackupIT.this.cloud.stubFor(CloudStub.createBackups()
				.inScenario("token")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(CloudStub.cloudError(401, "APIGW.0307", "The token must be updated"))
				.willSetStateTo("refreshed"));
			CreateBackupIT.this.cloud.stubFor(CloudStub.iamTokens()
				.willReturn(CloudStub.iamToken("MIIT-second-token", java.time.Instant.now().plusSeconds(86_400))));
			assertThat(create("payments", PAYMENTS_1, "payments-refresh").statusCode()).isEqualTo(202);
			CreateBackupIT.this.cloud.verify(2, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
			CreateBackupIT.this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)).withHeader("X-Auth-Token",
					equalTo("MIIT-second-token")));
			CreateBackupIT.this.cloud.verify(1, postRequestedFor(urlPathEqualTo("/v3/auth/tokens")));
		}

		@Test
		void aForbiddenTokenCodeAlsoRefreshesOnce() {
			CreateBackupIT.this.cloud.stubFor(CloudStub.createBackups()
				.inScenario("token")
				.whenScenarioStateIs(Scenario.STARTED)
				.willReturn(CloudStub.cloudError(403, "DBS.280056", "Token invalid"))
				.willSetStateTo("refreshed"));
			assertThat(create("payments", PAYMENTS_1, "payments-refresh2").statusCode()).isEqualTo(202);
			CreateBackupIT.this.cloud.verify(2, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		}

		@Test
		void aTokenErrorThatPersistsIsAnUpstreamErrorAfterExactlyOneRetry() {
			CreateBackupIT.this.cloud.stubFor(CloudStub.createBackups()
				.willReturn(CloudStub.cloudError(401, "APIGW.0307", "The token must be updated")));
			assertProblem(create("payments", PAYMENTS_1, "payments-refresh3"), 502, "upstream-error");
			CreateBackupIT.this.cloud.verify(2, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		}

		@Test
		void noTokenFromIamIsCredentialsUnavailable() {
			CreateBackupIT.this.cloud.stubFor(CloudStub.createBackups()
				.willReturn(CloudStub.cloudError(401, "APIGW.0307", "The token must be updated")));
			CreateBackupIT.this.cloud.stubFor(CloudStub.iamTokens()
				.willReturn(aResponse().withStatus(401)
					.withBody(
							"{\"error\":{\"code\":401,\"message\":\"Authentication failed\",\"title\":\"Unauthorized\"}}")));
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("payments"), body("payments-no-iam", "d"), "X-Request-Id", requestId);
			assertProblem(response, 503, "credentials-unavailable");
			assertThat(entry(requestId)).containsEntry("outcome", "failed")
				.containsEntry("code", "credentials-unavailable");
			CreateBackupIT.this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
			CreateBackupIT.this.cloud.resetAll();
			CloudStub.reset();
			assertThat(create("payments", PAYMENTS_1, "payments-iam-back").statusCode()).isEqualTo(202);
		}

		@Test
		void fiftySimultaneousFirstRequestsShareOneIamToken() throws Exception {
			String token = TestJwts.member("burst");
			ExecutorService pool = Executors.newFixedThreadPool(50);
			CountDownLatch start = new CountDownLatch(1);
			try {
				List<Future<HttpResponse<String>>> responses = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					String name = "burst-" + i;
					Callable<HttpResponse<String>> call = () -> {
						start.await();
						return CreateBackupIT.this.http.post(backupsOf("burst", BURST_1), token, body(name, "d"));
					};
					responses.add(pool.submit(call));
				}
				start.countDown();
				for (Future<HttpResponse<String>> response : responses) {
					assertThat(response.get().statusCode()).isEqualTo(202);
				}
			}
			finally {
				pool.shutdownNow();
			}
			CreateBackupIT.this.cloud.verify(1, postRequestedFor(urlPathEqualTo("/v3/auth/tokens"))
				.withRequestBody(matchingJsonPath("$.auth.scope.project.id", equalTo(CloudStub.FRESH_PROJECT_ID))));
			CreateBackupIT.this.cloud.verify(50,
					postRequestedFor(urlPathMatching("/v3/" + CloudStub.FRESH_PROJECT_ID + "/instances/.*")));
		}

	}

	@Nested
	class Authentication {

		@Test
		void unknownKeyIdsRefetchTheKeySetAtMostOnce() {
			Consumer<JWTClaimsSet.Builder> member = (claims) -> claims.claim("teams", List.of("payments"))
				.claim("scope", "backup:create");
			for (int i = 0; i < 30; i++) {
				assertProblem(
						CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
								TestJwts.signedWithUnknownKeyId(member), body("payments-kid", "d")),
						401, "unauthenticated");
			}
			assertThat(CreateBackupIT.this.cloud.findAll(getRequestedFor(urlPathEqualTo("/idp/jwks"))))
				.hasSizeLessThanOrEqualTo(1);
			assertThat(create("payments", PAYMENTS_1, "payments-kid-ok").statusCode()).isEqualTo(202);
			assertNothingSentUpstreamBut(1);
		}

		@Test
		void noTokenIs401WithAChallengeAndAProblem() {
			HttpRequest request = CreateBackupIT.this.http.request(backupsOf("payments", PAYMENTS_1))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body("payments-x", "d")))
				.build();
			HttpResponse<String> response = CreateBackupIT.this.http.send(request);
			assertProblem(response, 401, "unauthenticated");
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((challenge) -> assertThat(challenge).startsWith("Bearer"));
		}

		@ParameterizedTest
		@MethodSource("io.backupgateway.backup.CreateBackupIT#forgedTokens")
		void refusesEveryKindOfBadToken(String kind, String token) {
			String requestId = requestId();
			HttpResponse<String> response = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1), token,
					body("payments-forged", "d"), "X-Request-Id", requestId);
			assertProblem(response, 401, "unauthenticated");
			assertThat(response.headers().firstValue("WWW-Authenticate"))
				.hasValueSatisfying((challenge) -> assertThat(challenge).contains("error=\"invalid_token\""));
			assertThat(entries(requestId)).as("401s are not stored in the audit trail").isEmpty();
			assertNothingSentUpstream();
		}

	}

	static List<org.junit.jupiter.params.provider.Arguments> forgedTokens() {
		Consumer<JWTClaimsSet.Builder> member = (claims) -> claims.claim("teams", List.of("payments"))
			.claim("scope", "backup:create");
		return List.of(
				org.junit.jupiter.params.provider.Arguments.of("expired",
						TestJwts.token(member.andThen((claims) -> claims
							.expirationTime(java.util.Date.from(java.time.Instant.now().minusSeconds(600)))
							.issueTime(java.util.Date.from(java.time.Instant.now().minusSeconds(1200)))))),
				org.junit.jupiter.params.provider.Arguments.of("no subject",
						TestJwts.token(member.andThen((claims) -> claims.subject(null)))),
				org.junit.jupiter.params.provider.Arguments.of("blank subject",
						TestJwts.token(member.andThen((claims) -> claims.subject(" ")))),
				org.junit.jupiter.params.provider.Arguments.of("no expiry",
						TestJwts.token(member.andThen((claims) -> claims.expirationTime(null)))),
				org.junit.jupiter.params.provider.Arguments.of("wrong audience",
						TestJwts.token(member.andThen((claims) -> claims.audience("another-service")))),
				org.junit.jupiter.params.provider.Arguments.of("no audience",
						TestJwts.token(member.andThen((claims) -> claims.audience(List.of())))),
				org.junit.jupiter.params.provider.Arguments.of("wrong issuer",
						TestJwts.token(member.andThen((claims) -> claims.issuer("https://evil.test/realms/corp")))),
				org.junit.jupiter.params.provider.Arguments.of("other key", TestJwts.signedByOtherKey(member)),
				org.junit.jupiter.params.provider.Arguments.of("tampered signature",
						TestJwts.tamperedSignature(member)),
				org.junit.jupiter.params.provider.Arguments.of("alg none", TestJwts.unsigned(member)),
				org.junit.jupiter.params.provider.Arguments.of("HS256 with the public key",
						TestJwts.hs256WithPublicKey(member)),
				org.junit.jupiter.params.provider.Arguments.of("garbage", "not.a.jwt"));
	}

	@Nested
	class Contract {

		@Test
		void keepsAGoodRequestIdAndReplacesABadOne() {
			HttpResponse<String> kept = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("search"), body("payments-x", "d"), "X-Request-Id", "trace-123");
			assertThat(kept.headers().firstValue("X-Request-Id")).hasValue("trace-123");
			assertThat(json(kept).get("request_id").stringValue()).isEqualTo("trace-123");
			HttpResponse<String> replaced = CreateBackupIT.this.http.post(backupsOf("payments", PAYMENTS_1),
					TestJwts.member("search"), body("payments-x", "d"), "X-Request-Id", "x".repeat(129));
			String generated = replaced.headers().firstValue("X-Request-Id").orElseThrow();
			assertThat(generated).isNotEqualTo("x".repeat(129));
			assertThat(json(replaced).get("request_id").stringValue()).isEqualTo(generated);
		}

		@ParameterizedTest
		@org.junit.jupiter.params.provider.ValueSource(
				strings = { "/v1/teams/pay%2Fments/instances/x1/backups", "/v1/teams/pay%00/instances/x1/backups",
						"/v1/teams/payments;x=1/instances/x1/backups", "/v1//teams/payments/instances/x1/backups" })
		void pathsTheServerRefusesOutrightAreStillProblems(String path) {
			HttpResponse<String> response = CreateBackupIT.this.http.post(path, TestJwts.member("payments"),
					body("payments-x", "d"));
			assertThat(response.statusCode()).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type"))
				.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
			assertThat(json(response).get("code").stringValue()).isEqualTo("invalid-request");
			assertThat(response.body()).doesNotContain("<html");
			assertNothingSentUpstream();
		}

		@Test
		void unknownRouteIsNotFound() {
			HttpRequest request = CreateBackupIT.this.http.request("/v1/nothing-here")
				.header("Authorization", "Bearer " + TestJwts.member("payments"))
				.GET()
				.build();
			assertProblem(CreateBackupIT.this.http.send(request), 404, "not-found");
		}

		@Test
		void wrongMethodIsMethodNotAllowed() {
			HttpRequest request = CreateBackupIT.this.http.request(backupsOf("payments", PAYMENTS_1))
				.header("Authorization", "Bearer " + TestJwts.member("payments"))
				.DELETE()
				.build();
			HttpResponse<String> response = CreateBackupIT.this.http.send(request);
			assertProblem(response, 405, "method-not-allowed");
			assertThat(response.headers().firstValue("Allow")).hasValue("POST");
		}

		@Test
		void theApiPortHasNoActuator() {
			HttpRequest request = CreateBackupIT.this.http.request("/actuator/health").GET().build();
			assertProblem(CreateBackupIT.this.http.send(request), 404, "not-found");
		}

		@Test
		void theManagementPortServesHealthInfoAndMetricsWithoutAToken() {
			GatewayHttp management = new GatewayHttp(CreateBackupIT.this.managementPort);
			for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
					"/actuator/info", "/actuator/prometheus")) {
				assertThat(management.send(management.request(path).GET().build()).statusCode()).as(path)
					.isEqualTo(200);
			}
			assertThat(management.send(management.request("/actuator/env").GET().build()).statusCode()).isIn(401, 404);
		}

		@Test
		void metricsNeverCarryInstanceIdsOrRequestIds() {
			create("payments", PAYMENTS_1, "payments-metrics");
			GatewayHttp management = new GatewayHttp(CreateBackupIT.this.managementPort);
			String metrics = management.send(management.request("/actuator/prometheus").GET().build()).body();
			assertThat(metrics).contains("gateway_backups_total").doesNotContain(PAYMENTS_1, "alice");
		}

	}

	@Test
	void aConnectionThatNeverOpenedIsRetriedOnceThenAnUpstreamError(CapturedOutput output) {
		String requestId = requestId();
		HttpResponse<String> response = this.http.post(backupsOf("offline", "e8b2ce69c8c48b873eaabb47a4ac8553in06"),
				TestJwts.member("offline"), body("offline-x1", "d"), "X-Request-Id", requestId);
		assertProblem(response, 502, "upstream-error");
		assertThat(output.getOut()).containsOnlyOnce("retrying once");
		assertThat(entry(requestId)).containsEntry("outcome", "failed").containsEntry("upstream_status", null);
	}

	@Test
	void expectedUpstreamFailuresAreLoggedWithoutAStackTrace(CapturedOutput output) {
		this.cloud.stubFor(CloudStub.createBackups()
			.willReturn(CloudStub.cloudError(429, "DBS.280443", "slow down").withHeader("Retry-After", "7")));
		assertProblem(create("payments", PAYMENTS_1, "payments-429"), 503, "upstream-throttled");
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.cloudError(500, "DBS.200998", "oops")));
		assertProblem(create("payments", PAYMENTS_1, "payments-500"), 502, "upstream-error");
		assertThat(output.getAll()).contains("503 upstream-throttled", "502 upstream-error")
			.doesNotContain("\tat ")
			.doesNotContain("CloudFailure");
	}

	@Test
	void noSecretReachesTheLogs(CapturedOutput output) {
		String callerToken = TestJwts.member("payments");
		create("payments", PAYMENTS_1, "payments-logs", callerToken);
		this.cloud.stubFor(CloudStub.createBackups()
			.inScenario("token")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(CloudStub.cloudError(401, "APIGW.0307", "The token must be updated"))
			.willSetStateTo("refreshed"));
		create("payments", PAYMENTS_1, "payments-logs2", callerToken);
		this.http.post(backupsOf("payments", PAYMENTS_1), TestJwts.tamperedSignature((c) -> {
		}), body("payments-x", "d"));
		assertThat(output.getAll()).contains("accepted")
			.doesNotContain(CloudStub.IAM_PASSWORD)
			.doesNotContain(CloudStub.IAM_TOKEN)
			.doesNotContain(callerToken)
			.doesNotContain(callerToken.split("\\.")[2]);
	}

	private HttpResponse<String> create(String team, String instance, String name) {
		return create(team, instance, name, TestJwts.member(team));
	}

	private HttpResponse<String> create(String team, String instance, String name, String token) {
		return this.http.post(backupsOf(team, instance), token, body(name, "d"));
	}

	static String requestId() {
		return "it-" + UUID.randomUUID();
	}

	Map<String, Object> entry(String requestId) {
		List<Map<String, Object>> entries = entries(requestId);
		assertThat(entries).as("audit entries for " + requestId).hasSize(1);
		return entries.get(0);
	}

	List<Map<String, Object>> entries(String requestId) {
		return this.jdbc.sql("select * from audit_entry where request_id = ?").param(requestId).query().listOfRows();
	}

	void assertNothingSentUpstream() {
		assertNothingSentUpstreamBut(0);
	}

	void assertNothingSentUpstreamBut(int count) {
		this.cloud.verify(count, postRequestedFor(urlPathMatching("/v3/.*/backups")));
	}

	static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		JsonNode problem = json(response);
		assertThat(problem.get("status").intValue()).isEqualTo(status);
		assertThat(problem.get("code").stringValue()).isEqualTo(code);
		assertThat(problem.get("type").stringValue()).isEqualTo("/problems/" + code);
		assertThat(problem.get("title").stringValue()).isNotBlank();
		assertThat(problem.get("detail").stringValue()).isNotBlank();
		assertThat(problem.get("instance").stringValue()).startsWith("/");
		assertThat(problem.get("request_id").stringValue())
			.isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
		assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
		return problem;
	}

	static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

}
