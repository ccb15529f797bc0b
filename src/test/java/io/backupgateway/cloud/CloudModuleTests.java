package io.backupgateway.cloud;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.backupgateway.config.InstanceId;
import io.backupgateway.testsupport.CloudStub;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cloud module on its own against the WireMock cloud: its beans (WebClient, IAM
 * tokens, breakers, GeminiDB client) wire up without any other module and create a backup
 * with a project-scoped token.
 */
@ApplicationModuleTest
@ActiveProfiles("module")
class CloudModuleTests {

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CloudStub.register(registry);
	}

	final GeminiDb geminiDb;

	CloudModuleTests(GeminiDb geminiDb) {
		this.geminiDb = geminiDb;
	}

	@BeforeEach
	void reset() {
		CloudStub.reset();
	}

	@Test
	void createsABackupWithAnIamToken() {
		BackupCreated created = this.geminiDb.createBackup("eu-de-prod", new InstanceId(CloudStub.PAYMENTS_INSTANCE),
				"payments-x1", "d");
		assertThat(created.jobId()).isEqualTo(CloudStub.JOB_ID);
		assertThat(created.backupId()).isEqualTo(CloudStub.BACKUP_ID);
		CloudStub.server()
			.verify(1,
					postRequestedFor(urlPathEqualTo(CloudStub.BACKUPS_PATH.formatted(CloudStub.PAYMENTS_INSTANCE)))
						.withHeader("X-Auth-Token", equalTo(CloudStub.IAM_TOKEN))
						.withRequestBody(equalToJson("{\"name\":\"payments-x1\",\"description\":\"d\"}")));
	}

	@Test
	void readsEveryPageOfTheInstancesCarryingTheTagKey() {
		String path = "/v3/" + CloudStub.PROJECT_ID + "/instances/resource-instances/action";
		CloudStub.server()
			.stubFor(post(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.offset", equalTo("0")))
				.willReturn(okJson(taggedPage(0, 100, 105))));
		CloudStub.server()
			.stubFor(post(urlPathEqualTo(path)).withRequestBody(matchingJsonPath("$.offset", equalTo("100")))
				.willReturn(okJson(taggedPage(100, 5, 105))));

		List<TaggedInstance> tagged = this.geminiDb.instancesTagged(CloudStub.PROJECT_ID, "team");

		assertThat(tagged).hasSize(105);
		assertThat(tagged.get(0)).isEqualTo(new TaggedInstance(instance(0), "db-0", "payments"));
		assertThat(tagged.get(104).instanceId()).isEqualTo(instance(104));
		CloudStub.server()
			.verify(2,
					postRequestedFor(urlPathEqualTo(path)).withHeader("X-Auth-Token", equalTo(CloudStub.IAM_TOKEN))
						.withRequestBody(matchingJsonPath("$.action", equalTo("filter")))
						.withRequestBody(matchingJsonPath("$.tags[0].key", equalTo("team")))
						.withRequestBody(matchingJsonPath("$.limit", equalTo("100"))));
	}

	@Test
	void keepsOnlyTheTagAskedForAndSaysWhenItHasNoValue() {
		CloudStub.server()
			.stubFor(post(urlPathEqualTo("/v3/" + CloudStub.PROJECT_ID + "/instances/resource-instances/action"))
				.willReturn(okJson("""
						{"instances": [
						  {"instance_id": "aa", "instance_name": "a", "tags": [{"key": "owner", "value": "x"},
						                                                      {"key": "team", "value": ""}]},
						  {"instance_id": "bb", "instance_name": "b", "tags": [{"key": "owner", "value": "search"}]}],
						 "total_count": 2}
						""")));

		assertThat(this.geminiDb.instancesTagged(CloudStub.PROJECT_ID, "team"))
			.containsExactly(new TaggedInstance("aa", "a", ""));
	}

	@Test
	void readsEveryPageOfTheCassandraInstances() {
		String path = "/v3/" + CloudStub.PROJECT_ID + "/instances";
		CloudStub.server()
			.stubFor(get(urlPathEqualTo(path)).withQueryParam("datastore_type", equalTo("cassandra"))
				.withQueryParam("offset", equalTo("0"))
				.willReturn(okJson(instancePage(0, 100))));
		CloudStub.server()
			.stubFor(get(urlPathEqualTo(path)).withQueryParam("datastore_type", equalTo("cassandra"))
				.withQueryParam("offset", equalTo("100"))
				.willReturn(okJson(instancePage(100, 1))));

		assertThat(this.geminiDb.cassandraInstanceIds(CloudStub.PROJECT_ID)).hasSize(101)
			.contains(instance(0), instance(100));
		CloudStub.server().verify(2, getRequestedFor(urlPathEqualTo(path)).withQueryParam("limit", equalTo("100")));
	}

	private static String taggedPage(int from, int count, int total) {
		return IntStream.range(from, from + count)
			.mapToObj((i) -> "{\"instance_id\": \"" + instance(i) + "\", \"instance_name\": \"db-" + i
					+ "\", \"tags\": [{\"key\": \"team\", \"value\": \"payments\"}]}")
			.collect(Collectors.joining(",", "{\"instances\": [", "], \"total_count\": " + total + "}"));
	}

	private static String instancePage(int from, int count) {
		return IntStream.range(from, from + count)
			.mapToObj((i) -> "{\"id\": \"" + instance(i) + "\", \"name\": \"db-" + i
					+ "\", \"datastore\": {\"type\": \"cassandra\"}}")
			.collect(Collectors.joining(",", "{\"instances\": [", "], \"total_count\": 101}"));
	}

	private static String instance(int i) {
		return "%032xin06".formatted(i);
	}

}
