package io.backupgateway.ownership;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.BackupGatewayApplication;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.Concurrently;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.GatewayTestEnvironment;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ownership from the cloud's tags through the whole gateway (docs/design.md 4.1): create,
 * delete, lists and the audit entry's {@code grant} on tag grants, the rules that grant
 * nothing, a removed tag, and further replicas on the same database: a fresh one whose
 * burst of requests for a newly tagged instance reads the tags once, agreeing with this
 * one, and one that cannot read the tags at all and fails closed. Every project is on the
 * WireMock cloud here; only {@code eu-de-prod} carries tags.
 */
@GatewayIntegrationTest
@TestPropertySource(properties = { "gateway.ownership.tag-key=team",
		"gateway.cloud.projects.eu-de-offline.endpoint=${test.cloud.url}" })
class OwnershipIT {

	static final String TAGS = "/v3/" + CloudStub.PROJECT_ID + "/instances/resource-instances/action";

	static final String INSTANCES = "/v3/" + CloudStub.PROJECT_ID + "/instances";

	/** Configured to search (application-test.yml). */
	static final String CONFIGURED_SEARCH = "c6f0ac47a6a269651c889925e28a6331in06";

	static final String TAGGED_SEARCH = "7a9c1e3b5d7f4a2c8e0b6d4f2a8c0e1ain06";

	static final String TAGGED_UNKNOWN_TEAM = "1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2ain06";

	static final String TAGGED_MONGO = "2c4e6a8b1d3f5a7c9e0b2d4f6a8c1e3bin06";

	final GatewayHttp http;

	final WireMockServer cloud;

	@Autowired
	Ownership ownership;

	OwnershipIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	@BeforeEach
	void theCloudsTags() {
		stubTags(tagged(TAGGED_SEARCH, "search"), tagged(TAGGED_UNKNOWN_TEAM, "marketing"),
				tagged(TAGGED_MONGO, "search"), tagged(CONFIGURED_SEARCH, "payments"));
		this.cloud.stubFor(get(urlPathEqualTo(INSTANCES)).withQueryParam("datastore_type", equalTo("cassandra"))
			.willReturn(okJson(instances(TAGGED_SEARCH, TAGGED_UNKNOWN_TEAM, CONFIGURED_SEARCH))));
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.uniqueBackups()));
		this.ownership.refresh();
	}

	@Test
	void aTaggedInstanceIsBackedUpAndItsEntrySaysWhichSourceGrantedIt() {
		HttpResponse<String> tagged = create(this.http, TAGGED_SEARCH, "search-v1");
		HttpResponse<String> configured = create(this.http, CONFIGURED_SEARCH, "search-v2");

		assertThat(tagged.statusCode()).as(tagged.body()).isEqualTo(202);
		assertThat(configured.statusCode()).as(configured.body()).isEqualTo(202);
		assertThat(entry(json(tagged).get("audit_id").stringValue()).get("grant").stringValue()).isEqualTo("tag");
		assertThat(entry(json(configured).get("audit_id").stringValue()).get("grant").stringValue())
			.isEqualTo("configuration");
		this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CloudStub.BACKUPS_PATH.formatted(TAGGED_SEARCH))));
	}

	@Test
	void theTeamsInstancesNameTheirSource() {
		JsonNode listed = json(read(this.http, "/v1/teams/search/instances"));

		assertThat(StreamSupport.stream(listed.get("instances").spliterator(), false)
			.map((instance) -> instance.get("instance_id").stringValue() + " " + instance.get("source").stringValue()))
			.containsExactly(TAGGED_SEARCH + " tag", CONFIGURED_SEARCH + " configuration");
	}

	@Test
	void tagsThatNameNoTeamOrAnotherDatastoreOrConflictWithTheConfigurationGrantNothing() {
		String marketing = TestJwts.member("marketing", "search", "payments");
		for (String[] refused : new String[][] { { "marketing", TAGGED_UNKNOWN_TEAM }, { "search", TAGGED_MONGO },
				{ "payments", CONFIGURED_SEARCH } }) {
			HttpResponse<String> answer = this.http.post(backupsOf(refused[0], refused[1]), marketing,
					body(refused[0] + "-x1", "d"));
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(404);
			assertThat(json(answer).get("code").stringValue()).isEqualTo("instance-not-found");
		}
		this.cloud.verify(0, postRequestedFor(urlPathMatching("/v3/[0-9a-f]{32}/instances/[A-Za-z0-9]+/backups")));
	}

	@Test
	void aBackupOfATaggedInstanceIsListedAndDeletedUnderItsGrant() {
		String backupId = "9f8e7d6c5b4a39281706f5e4d3c2b1a0br06";
		this.cloud.stubFor(get(urlPathEqualTo("/v4/" + CloudStub.PROJECT_ID + "/backups"))
			.withQueryParam("instance_id", equalTo(TAGGED_SEARCH))
			.willReturn(okJson("""
					{"total_count": 1, "backups": [{"id": "%s", "name": "search-v7", "instance_id": "%s",
					 "type": "Manual", "status": "COMPLETED", "begin_time": "2026-12-01T08:00:00+0000",
					 "end_time": "2026-12-01T08:03:00+0000"}]}
					""".formatted(backupId, TAGGED_SEARCH))));
		this.cloud.stubFor(delete(urlPathMatching("/v3/[0-9a-f]{32}/backups/.*")).willReturn(aResponse().withStatus(202)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"job_id\": \"5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716\"}")));
		String deleter = TestJwts
			.token((claims) -> claims.claim("teams", List.of("search")).claim("scope", "backup:delete"));

		assertThat(read(this.http, "/v1/teams/search/backups?instance_id=" + TAGGED_SEARCH).body()).contains(backupId);
		HttpResponse<String> deleted = this.http.send(this.http.request("/v1/teams/search/backups/" + backupId)
			.header("Authorization", "Bearer " + deleter)
			.DELETE()
			.build());

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(202);
		assertThat(entry(json(deleted).get("audit_id").stringValue()).get("grant").stringValue()).isEqualTo("tag");
		this.cloud.verify(1,
				deleteRequestedFor(urlPathEqualTo("/v3/" + CloudStub.PROJECT_ID + "/backups/" + backupId)));
	}

	@Test
	void aRemovedTagLosesTheGrantAtTheNextRead() {
		assertThat(create(this.http, TAGGED_SEARCH, "search-v3").statusCode()).isEqualTo(202);
		stubTags(tagged(CONFIGURED_SEARCH, "search"));
		this.ownership.refresh();

		HttpResponse<String> refused = create(this.http, TAGGED_SEARCH, "search-v4");

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(404);
		assertThat(json(read(this.http, "/v1/teams/search/instances")).get("instances")).hasSize(1);
		JsonNode audited = entry(entryOf(refused));
		assertThat(audited.get("code").stringValue()).isEqualTo("instance-not-found");
		assertThat(audited.get("grant").isNull()).isTrue();
	}

	@Test
	void aFreshReplicaReadsTheTagsOnceForABurstOfRequestsAndAgreesWithThisOne() {
		String tagged = "3d5f7a9c1e2b4d6f8a0c3e5b7d9f1a2cin06";
		stubTags(tagged(TAGGED_SEARCH, "search"), tagged(tagged, "search"));
		this.cloud.stubFor(get(urlPathEqualTo(INSTANCES)).willReturn(okJson(instances(TAGGED_SEARCH, tagged))));
		this.cloud.stubFor(post(urlPathEqualTo(TAGS)).atPriority(1)
			.willReturn(okJson(page(tagged(TAGGED_SEARCH, "search"), tagged(tagged, "search"))).withFixedDelay(500)));
		try (ConfigurableApplicationContext second = replica()) {
			GatewayHttp other = new GatewayHttp(port(second));
			this.cloud.resetRequests();

			List<HttpResponse<String>> answers = Concurrently.run(12,
					(i) -> create(other, tagged, "search-v" + (100 + i)));

			assertThat(answers)
				.allSatisfy((answer) -> assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202));
			this.cloud.verify(1, postRequestedFor(urlPathEqualTo(TAGS)));
			this.ownership.refresh();
			assertThat(read(other, "/v1/teams/search/instances").body())
				.isEqualTo(read(this.http, "/v1/teams/search/instances").body())
				.contains(tagged);
		}
	}

	@Test
	void aReplicaThatCannotReadTheTagsFailsClosedForTaggedInstancesOnly() {
		this.cloud.stubFor(post(urlPathMatching("/v3/[0-9a-f]{32}/instances/resource-instances/action")).atPriority(1)
			.willReturn(serverError()));
		try (ConfigurableApplicationContext third = replica()) {
			GatewayHttp other = new GatewayHttp(port(third));
			this.cloud.resetRequests();

			HttpResponse<String> unavailable = create(other, TAGGED_SEARCH, "search-v5");
			HttpResponse<String> configured = create(other, CONFIGURED_SEARCH, "search-v6");

			assertThat(unavailable.statusCode()).as(unavailable.body()).isEqualTo(503);
			assertThat(json(unavailable).get("code").stringValue()).isEqualTo("ownership-unavailable");
			assertThat(configured.statusCode()).as(configured.body()).isEqualTo(202);
			this.cloud.verify(0, postRequestedFor(urlPathEqualTo(CloudStub.BACKUPS_PATH.formatted(TAGGED_SEARCH))));
			JsonNode audited = entry(entryOf(unavailable));
			assertThat(audited.get("outcome").stringValue()).isEqualTo("failed");
			assertThat(audited.get("code").stringValue()).isEqualTo("ownership-unavailable");
			GatewayHttp management = new GatewayHttp(
					Integer.parseInt(third.getEnvironment().getProperty("local.management.port")));
			HttpResponse<String> health = management
				.send(management.request("/actuator/health/ownership").GET().build());
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(json(health).get("status").stringValue()).isEqualTo("DEGRADED");
		}
	}

	private static ConfigurableApplicationContext replica() {
		Map<String, Object> properties = new HashMap<>(GatewayTestEnvironment.properties());
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		properties.put("management.server.address", "127.0.0.1");
		properties.put("gateway.ownership.tag-key", "team");
		properties.put("gateway.cloud.projects.eu-de-offline.endpoint", CloudStub.baseUrl());
		return new SpringApplicationBuilder(BackupGatewayApplication.class).profiles("test")
			.properties(properties)
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private static HttpResponse<String> create(GatewayHttp http, String instance, String name) {
		return http.post(backupsOf("search", instance), TestJwts.member("search"), body(name, "d"), "X-Request-Id",
				name + "-" + UUID.randomUUID());
	}

	private static HttpResponse<String> read(GatewayHttp http, String path) {
		return http
			.send(http.request(path).header("Authorization", "Bearer " + TestJwts.member("search")).GET().build());
	}

	private JsonNode entry(String auditId) {
		return json(this.http.send(this.http.request("/v1/audit/" + auditId)
			.header("Authorization", "Bearer " + auditor())
			.GET()
			.build()));
	}

	/** The entry a refused request left, found by the request id its problem names. */
	private String entryOf(HttpResponse<String> refused) {
		JsonNode page = json(this.http
			.send(this.http.request("/v1/audit?team=search&request_id=" + json(refused).get("request_id").stringValue())
				.header("Authorization", "Bearer " + auditor())
				.GET()
				.build()));
		return page.get("entries").get(0).get("audit_id").stringValue();
	}

	private static String auditor() {
		return TestJwts.token((claims) -> claims.claim("scope", "audit:read"));
	}

	private void stubTags(String... instances) {
		this.cloud.stubFor(post(urlPathMatching("/v3/[0-9a-f]{32}/instances/resource-instances/action"))
			.willReturn(okJson(page())));
		this.cloud.stubFor(post(urlPathEqualTo(TAGS)).willReturn(okJson(page(instances))));
	}

	static String tagged(String id, String team) {
		return OwnershipModuleTests.tagged(id, team);
	}

	static String page(String... instances) {
		return OwnershipModuleTests.page(instances);
	}

	static String instances(String... ids) {
		return OwnershipModuleTests.instances(List.of(ids));
	}

}
