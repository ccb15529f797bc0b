package io.backupgateway.backup;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The portal helpers of docs/design.md 3.5 for members, non-members and auditors.
 */
@GatewayIntegrationTest
class PortalHelpersIT {

	final WireMockServer cloud = CloudStub.server();

	final GatewayHttp http;

	PortalHelpersIT(GatewayHttp http) {
		this.http = http;
	}

	@Test
	void meShowsWhoTheCallerIs() {
		String token = TestJwts.token((claims) -> claims.subject("svc-42")
			.claim("preferred_username", null)
			.claim("client_id", "portal-backend")
			.claim("teams", List.of("search", "payments"))
			.claim("scope", "backup:create audit:read"));
		JsonNode me = json(get("/v1/me", token));
		assertThat(me.get("subject").stringValue()).isEqualTo("svc-42");
		assertThat(me.get("name").stringValue()).isEqualTo("portal-backend");
		assertThat(me.get("teams").valueStream().map(JsonNode::stringValue)).containsExactly("payments", "search");
		assertThat(me.get("permissions").valueStream().map(JsonNode::stringValue)).containsExactly("audit:read",
				"backup:create");
	}

	@Test
	void membersSeeTheirTeamsInstances() {
		JsonNode instances = json(get("/v1/teams/payments/instances", TestJwts.member("payments")));
		assertThat(instances.get("team").stringValue()).isEqualTo("payments");
		assertThat(instances.get("instances").size()).isEqualTo(2);
		JsonNode first = instances.get("instances").get(0);
		assertThat(first.get("instance_id").stringValue()).isEqualTo(CloudStub.PAYMENTS_INSTANCE);
		assertThat(first.get("project").stringValue()).isEqualTo("eu-de-prod");
		assertThat(first.get("project_id").stringValue()).isEqualTo(CloudStub.PROJECT_ID);
	}

	@Test
	void nonMembersAndAuditorsOutsideTheTeamAreRefused() {
		assertThat(get("/v1/teams/payments/instances", TestJwts.member("search")).statusCode()).isEqualTo(403);
		String auditor = TestJwts.token((claims) -> claims.claim("scope", "audit:read"));
		assertThat(get("/v1/teams/payments/instances", auditor).statusCode()).isEqualTo(403);
		assertThat(get("/v1/teams/Pay_ments/instances", TestJwts.member("payments")).statusCode()).isEqualTo(400);
	}

	@Test
	void membersFollowAJobTheGatewayStartedForTheirTeam() {
		String jobId = UUID.randomUUID().toString();
		this.cloud.stubFor(CloudStub.createBackups()
			.willReturn(okJson("{\"job_id\":\"" + jobId + "\",\"backup_id\":\"b-" + jobId + "\"}").withStatus(202)));
		assertThat(this.http
			.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), TestJwts.member("payments"),
					body("payments-portal", "d"))
			.statusCode()).isEqualTo(202);
		this.cloud.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get(urlPathMatching("/v3/[0-9a-f]{32}/jobs"))
			.withQueryParam("id", equalTo(jobId))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
					{"total_count": 1, "jobs": [{"id": "%s", "name": "BackupInstance", "status": "Running",
					  "start_time": "2026-11-27T06:44:01+0000", "end_time": "", "progress": "60%%",
					  "instance": {"id": "%s", "name": "payments-db"}, "fail_reason": null}]}
					""".formatted(jobId, CloudStub.PAYMENTS_INSTANCE))));

		HttpResponse<String> response = get("/v1/teams/payments/jobs/" + jobId, TestJwts.member("payments"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		JsonNode job = json(response);
		assertThat(job.propertyNames()).containsExactlyInAnyOrder("job_id", "status", "progress", "fail_reason",
				"started_at", "ended_at", "instance_id", "backup_id");
		assertThat(job.get("status").stringValue()).isEqualTo("Running");
		assertThat(job.get("progress").stringValue()).isEqualTo("60%");
		assertThat(job.get("started_at").stringValue()).isEqualTo("2026-11-27T06:44:01Z");
		assertThat(job.get("backup_id").stringValue()).isEqualTo("b-" + jobId);
		assertThat(job.get("instance_id").stringValue()).isEqualTo(CloudStub.PAYMENTS_INSTANCE);

		assertThat(get("/v1/teams/search/jobs/" + jobId, TestJwts.member("search")).statusCode())
			.as("a job of another team")
			.isEqualTo(404);
		assertThat(get("/v1/teams/payments/jobs/" + jobId, TestJwts.member("search")).statusCode()).isEqualTo(403);
		assertThat(get("/v1/teams/payments/jobs/" + UUID.randomUUID(), TestJwts.member("payments")).statusCode())
			.as("a job the gateway did not start")
			.isEqualTo(404);
	}

	HttpResponse<String> get(String path, String token) {
		return this.http.send(this.http.request(path).header("Authorization", "Bearer " + token).GET().build());
	}

}
