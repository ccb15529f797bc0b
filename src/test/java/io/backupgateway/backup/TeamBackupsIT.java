package io.backupgateway.backup;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listing a team's backups and deleting a manual one (docs/design.md 3.5), against the
 * WireMock cloud: every answer and refusal, the upstream calls each makes (none for a
 * refusal), and the audit entry each leaves.
 */
@GatewayIntegrationTest
class TeamBackupsIT {

	static final String OTHER_INSTANCE = "b5e9fb3695f158540b778814d1795220in06";

	static final String MANUAL = "5b0ae36cb8a746b68685a8fb588d8a15br06";

	static final String AUTOMATED = "7c1bf47dc9b857c79796b9fc699e9b26br01";

	static final String OLDER = "0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0ebr06";

	final GatewayHttp http;

	final WireMockServer cloud;

	@Autowired
	JdbcClient jdbc;

	TeamBackupsIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	@BeforeEach
	void theCloudListsBackups() {
		this.cloud.stubFor(list(CloudStub.PAYMENTS_INSTANCE).willReturn(
				okJson("""
						{"total_count": 2, "backups": [
						  {"id": "%s", "name": "payments-before-v42", "description": "before schema v42",
						   "instance_id": "%s", "instance_name": "payments-db", "type": "Manual", "size": 2048.5,
						   "status": "COMPLETED", "begin_time": "2026-11-30T10:00:00+0000", "end_time": "2026-11-30T10:05:00+0000",
						   "datastore": {"type": "cassandra", "version": "3.11"}},
						  {"id": "%s", "name": "auto-daily", "description": "", "instance_id": "%s", "type": "Auto",
						   "size": 4096.0, "status": "COMPLETED", "begin_time": "2026-12-01T02:00:00+0000",
						   "end_time": "2026-12-01T02:10:00+0000"}]}
						"""
					.formatted(MANUAL, CloudStub.PAYMENTS_INSTANCE, AUTOMATED, CloudStub.PAYMENTS_INSTANCE))));
		this.cloud.stubFor(list(OTHER_INSTANCE).willReturn(okJson("""
				{"total_count": 1, "backups": [
				  {"id": "%s", "name": "payments-old", "instance_id": "%s", "type": "Manual", "status": "COMPLETED",
				   "begin_time": "2026-11-01T08:00:00+0000", "end_time": "2026-11-01T08:03:00+0000"}]}
				""".formatted(OLDER, OTHER_INSTANCE))));
		this.cloud.stubFor(delete(urlPathMatching("/v3/[0-9a-f]{32}/backups/.*")).willReturn(aResponse().withStatus(202)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"job_id\": \"2f1c7e0a-9b3d-4c8e-a6f1-0d2e4b6c8a90\"}")));
	}

	@Test
	void membersListTheTeamsBackupsNewestFirstInPages() {
		HttpResponse<String> first = read("/v1/teams/payments/backups?limit=2", TestJwts.member("payments"));

		assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
		JsonNode page = json(first);
		assertThat(page.get("team").stringValue()).isEqualTo("payments");
		assertThat(ids(page)).containsExactly(AUTOMATED, MANUAL);
		assertThat(page.get("next_offset").intValue()).isEqualTo(2);
		JsonNode manual = page.get("backups").get(1);
		assertThat(manual.get("name").stringValue()).isEqualTo("payments-before-v42");
		assertThat(manual.get("description").stringValue()).isEqualTo("before schema v42");
		assertThat(manual.get("instance_id").stringValue()).isEqualTo(CloudStub.PAYMENTS_INSTANCE);
		assertThat(manual.get("type").stringValue()).isEqualTo("Manual");
		assertThat(manual.get("status").stringValue()).isEqualTo("COMPLETED");
		assertThat(manual.get("size_kb").doubleValue()).isEqualTo(2048.5);
		assertThat(manual.get("began_at").stringValue()).isEqualTo("2026-11-30T10:00:00Z");
		assertThat(manual.get("ended_at").stringValue()).isEqualTo("2026-11-30T10:05:00Z");

		JsonNode last = json(read("/v1/teams/payments/backups?limit=2&offset=2", TestJwts.member("payments")));
		assertThat(ids(last)).containsExactly(OLDER);
		assertThat(last.get("next_offset").isNull()).isTrue();

		JsonNode one = json(
				read("/v1/teams/payments/backups?instance_id=" + OTHER_INSTANCE, TestJwts.member("payments")));
		assertThat(ids(one)).containsExactly(OLDER);
		// each page reads the cloud's lists afresh; the instance filter reads that
		// instance only
		this.cloud.verify(2,
				getRequestedFor(urlPathEqualTo("/v4/" + CloudStub.PROJECT_ID + "/backups"))
					.withQueryParam("instance_id", equalTo(CloudStub.PAYMENTS_INSTANCE))
					.withQueryParam("limit", equalTo("100"))
					.withQueryParam("offset", equalTo("0")));
	}

	@Test
	void listingRefusesOutsidersAndBadQueriesWithoutAskingTheCloud() {
		assertThat(code(read("/v1/teams/payments/backups", TestJwts.member("search")))).isEqualTo("403 forbidden");
		assertThat(code(read("/v1/teams/payments/backups?instance_id=c6f0ac47a6a269651c889925e28a6331in06",
				TestJwts.member("payments"))))
			.isEqualTo("404 instance-not-found");
		assertThat(code(read("/v1/teams/payments/backups?limit=0", TestJwts.member("payments"))))
			.isEqualTo("400 invalid-request");
		assertThat(code(read("/v1/teams/payments/backups?limit=101", TestJwts.member("payments"))))
			.isEqualTo("400 invalid-request");
		assertThat(code(read("/v1/teams/payments/backups?offset=-1", TestJwts.member("payments"))))
			.isEqualTo("400 invalid-request");
		assertThat(code(read("/v1/teams/payments/backups?sort=name", TestJwts.member("payments"))))
			.isEqualTo("400 invalid-request");
		assertThat(code(read("/v1/teams/payments/backups?instance_id=a-b", TestJwts.member("payments"))))
			.isEqualTo("400 invalid-request");
		this.cloud.verify(0, getRequestedFor(urlPathMatching("/v4/.*")));
	}

	@Test
	void aManualBackupOfTheTeamIsDeletedAndAudited() {
		String requestId = "delete-" + UUID.randomUUID();
		HttpResponse<String> response = remove(MANUAL, deleter(), "X-Request-Id", requestId);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode body = json(response);
		assertThat(body.get("job_id").stringValue()).isEqualTo("2f1c7e0a-9b3d-4c8e-a6f1-0d2e4b6c8a90");
		this.cloud.verify(1, deleteRequestedFor(urlPathEqualTo("/v3/" + CloudStub.PROJECT_ID + "/backups/" + MANUAL))
			.withHeader("X-Auth-Token", equalTo(CloudStub.IAM_TOKEN)));
		Map<String, Object> entry = entry(requestId);
		assertThat(entry).containsEntry("audit_id", body.get("audit_id").stringValue())
			.containsEntry("action", "backup.delete")
			.containsEntry("outcome", "accepted")
			.containsEntry("http_status", 202)
			.containsEntry("upstream_status", 202)
			.containsEntry("team", "payments")
			.containsEntry("instance_id", CloudStub.PAYMENTS_INSTANCE)
			.containsEntry("project_id", CloudStub.PROJECT_ID)
			.containsEntry("backup_id", MANUAL)
			.containsEntry("backup_name", "payments-before-v42")
			.containsEntry("job_id", "2f1c7e0a-9b3d-4c8e-a6f1-0d2e4b6c8a90")
			.containsEntry("job_status", "Running");
	}

	@Test
	void refusalsAreAuditedAndNeverReachTheCloud() {
		String createOnly = TestJwts.member("payments");
		String outsider = TestJwts
			.token((claims) -> claims.claim("teams", List.of("search")).claim("scope", "backup:create backup:delete"));

		assertRefused(remove(MANUAL, createOnly), "403 forbidden", "denied");
		assertRefused(remove(MANUAL, outsider), "403 forbidden", "denied");
		assertRefused(remove("not-an-id", deleter()), "400 invalid-request", "rejected");
		assertRefused(remove("ffffffffffffffffffffffffffffffffbr06", deleter()), "404 not-found", "rejected");
		HttpResponse<String> automated = remove(AUTOMATED, deleter());
		assertRefused(automated, "409 upstream-rejected", "rejected");
		assertThat(entry(automated.headers().firstValue("X-Request-Id").orElseThrow()))
			.containsEntry("backup_name", "auto-daily")
			.containsEntry("instance_id", CloudStub.PAYMENTS_INSTANCE);
		this.cloud.verify(0, deleteRequestedFor(urlPathMatching("/v3/.*")));
	}

	@Test
	void theCloudsAnswersAreMapped() {
		stubDelete(CloudStub.cloudError(400, "DBS.201214", "The backup file does not exist."));
		assertRefused(remove(MANUAL, deleter()), "404 not-found", "failed");
		stubDelete(CloudStub.cloudError(400, "DBS.201319", "The backup is being used by a restoration."));
		HttpResponse<String> inUse = remove(MANUAL, deleter());
		assertRefused(inUse, "409 backup-in-use", "failed");
		assertThat(json(inUse).get("upstream_error_code").stringValue()).isEqualTo("DBS.201319");
		assertThat(entry(inUse.headers().firstValue("X-Request-Id").orElseThrow()))
			.as("a failed delete keeps its backup")
			.containsEntry("backup_id", MANUAL)
			.containsEntry("backup_name", "payments-before-v42");
		stubDelete(CloudStub.cloudError(500, "DBS.200998", "System busy."));
		HttpResponse<String> broken = remove(MANUAL, deleter());
		assertThat(code(broken)).isEqualTo("502 upstream-error");
		assertThat(entry(broken.headers().firstValue("X-Request-Id").orElseThrow()))
			.as("the cloud may have deleted it: settled later from the list")
			.containsEntry("outcome", "pending");
	}

	@Test
	void aCloudThatCannotListIsAnUpstreamErrorAndNothingIsDeleted() {
		this.cloud.stubFor(list(CloudStub.PAYMENTS_INSTANCE).atPriority(1)
			.willReturn(CloudStub.cloudError(500, "DBS.200998", "System busy.")));

		assertThat(code(read("/v1/teams/payments/backups", TestJwts.member("payments"))))
			.isEqualTo("502 upstream-error");
		HttpResponse<String> delete = remove(MANUAL, deleter());
		assertRefused(delete, "502 upstream-error", "failed");
		this.cloud.verify(0, deleteRequestedFor(urlPathMatching("/v3/.*")));
	}

	@Test
	void anExpiredTokenIsRenewedOnceAndTheDeleteGoesThrough() {
		this.cloud.stubFor(delete(urlPathMatching("/v3/[0-9a-f]{32}/backups/.*")).inScenario("token")
			.whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
			.willReturn(CloudStub.cloudError(401, "APIGW.0307", "The token must be updated."))
			.willSetStateTo("renewed"));
		this.cloud.stubFor(delete(urlPathMatching("/v3/[0-9a-f]{32}/backups/.*")).inScenario("token")
			.whenScenarioStateIs("renewed")
			.willReturn(aResponse().withStatus(202)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"job_id\": \"3a2b1c0d-9b3d-4c8e-a6f1-0d2e4b6c8a90\"}")));

		HttpResponse<String> response = remove(MANUAL, deleter());

		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		this.cloud.verify(2, deleteRequestedFor(urlPathMatching("/v3/.*")));
	}

	@Test
	void anIdempotencyKeyReplaysTheDelete() {
		String key = "delete-" + UUID.randomUUID();
		HttpResponse<String> first = remove(MANUAL, deleter(), "Idempotency-Key", key);
		HttpResponse<String> again = remove(MANUAL, deleter(), "Idempotency-Key", key);

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(again.statusCode()).isEqualTo(202);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(again.body()).isEqualTo(first.body());
		this.cloud.verify(1, deleteRequestedFor(urlPathMatching("/v3/.*")));
		assertThat(entry(again.headers().firstValue("X-Request-Id").orElseThrow())).containsEntry("outcome",
				"replayed");
	}

	private void assertRefused(HttpResponse<String> response, String code, String outcome) {
		assertThat(code(response)).as(response.body()).isEqualTo(code);
		assertThat(entry(response.headers().firstValue("X-Request-Id").orElseThrow()))
			.containsEntry("action", "backup.delete")
			.containsEntry("outcome", outcome)
			.containsEntry("team", "payments");
	}

	private void stubDelete(com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
		this.cloud.stubFor(delete(urlPathMatching("/v3/[0-9a-f]{32}/backups/.*")).willReturn(answer));
	}

	private static MappingBuilder list(String instance) {
		return get(urlPathEqualTo("/v4/" + CloudStub.PROJECT_ID + "/backups")).withQueryParam("instance_id",
				equalTo(instance));
	}

	private static String deleter() {
		return TestJwts.token((claims) -> claims.subject("dora")
			.claim("teams", List.of("payments"))
			.claim("scope", "backup:create backup:delete"));
	}

	private Map<String, Object> entry(String requestId) {
		return this.jdbc.sql("""
				select cast(audit_id as varchar(36)) as audit_id, action, outcome, http_status, upstream_status, team,
				    instance_id, project_id, backup_id, backup_name, job_id, job_status
				from audit_entry where request_id = ?
				""").param(requestId).query().singleRow();
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new java.util.ArrayList<>();
		page.get("backups").forEach((backup) -> ids.add(backup.get("backup_id").stringValue()));
		return ids;
	}

	private static String code(HttpResponse<String> response) {
		return response.statusCode() + " " + json(response).get("code").stringValue();
	}

	private HttpResponse<String> read(String path, String token) {
		return this.http.send(this.http.request(path).header("Authorization", "Bearer " + token).GET().build());
	}

	private HttpResponse<String> remove(String backupId, String token, String... headers) {
		HttpRequest.Builder request = this.http.request("/v1/teams/payments/backups/" + backupId)
			.header("Authorization", "Bearer " + token)
			.DELETE();
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.http.send(request.build());
	}

}
