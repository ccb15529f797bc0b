package io.backupgateway.ownership;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.config.CloudSettings;
import io.backupgateway.config.OwnershipSettings;
import io.backupgateway.config.TeamTable;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.Concurrently;
import io.backupgateway.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Ownership from the cloud's tags (docs/design.md 4.1) on the real cloud client against
 * the WireMock cloud, with a clock the test moves: every rule, staleness, the miss
 * refresh and its single flight. Each test builds its own reads, so none sees another's
 * answers.
 */
@ApplicationModuleTest(extraIncludes = "cloud")
@ActiveProfiles("module")
@TestPropertySource(properties = { "gateway.ownership.tag-key=team",
		"gateway.teams.payments.instances[0].id=a4d8ea2584e047439a667703c0684119in06",
		"gateway.teams.payments.instances[0].project=eu-de-prod", "gateway.teams.search.instances[0].id=c0nf1gured1n06",
		"gateway.teams.search.instances[0].project=eu-de-prod" })
class OwnershipModuleTests {

	static final String TAGS = "/v3/" + CloudStub.PROJECT_ID + "/instances/resource-instances/action";

	static final String INSTANCES = "/v3/" + CloudStub.PROJECT_ID + "/instances";

	static final String CONFIGURED = "a4d8ea2584e047439a667703c0684119in06";

	@DynamicPropertySource
	static void cloud(DynamicPropertyRegistry registry) {
		CloudStub.register(registry);
	}

	final GeminiDb geminiDb;

	final OwnershipSettings settings;

	final CloudSettings cloud;

	final TeamTable teams;

	MutableClock clock;

	SimpleMeterRegistry meters;

	TagReads reads;

	Ownership ownership;

	OwnershipModuleTests(GeminiDb geminiDb, OwnershipSettings settings, CloudSettings cloud, TeamTable teams) {
		this.geminiDb = geminiDb;
		this.settings = settings;
		this.cloud = cloud;
		this.teams = teams;
	}

	@BeforeEach
	void freshReplica() {
		CloudStub.reset();
		this.clock = new MutableClock(Instant.parse("2026-12-05T10:00:00Z"));
		this.meters = new SimpleMeterRegistry();
		ConfiguredOwners configured = new ConfiguredOwners(this.teams, this.cloud);
		this.reads = new TagReads(this.geminiDb, this.settings, this.cloud, this.teams, configured, this.meters,
				this.clock);
		this.ownership = new Ownership(configured, this.reads, this.meters);
	}

	@Test
	void aTagGrantsACassandraInstanceToTheConfiguredTeamItNames() {
		tags(tagged("t1in06", "search"), tagged("t2in06", "payments"));
		cassandra("t1in06", "t2in06");

		assertThat(this.ownership.owner("search", "t1in06"))
			.hasValue(new OwnedInstance("t1in06", "search", "eu-de-prod", CloudStub.PROJECT_ID, Grant.TAG));
		assertThat(this.ownership.owner("payments", "t1in06")).isEmpty();
		assertThat(this.ownership.instancesOf("payments")).extracting(OwnedInstance::instanceId, OwnedInstance::grant)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(CONFIGURED, Grant.CONFIGURATION),
					org.assertj.core.groups.Tuple.tuple("t2in06", Grant.TAG));
		assertThat(gauge("gateway.ownership.instances", "source", "tag")).isEqualTo(2);
		assertThat(gauge("gateway.ownership.instances", "source", "configuration")).isEqualTo(2);
	}

	@Test
	void unknownTeamsConflictsAndOtherDatastoresGrantNothingAndAreCounted() {
		tags(tagged("t1in06", "marketing"), tagged(CONFIGURED, "search"), tagged("m1in06", "payments"),
				tagged("t3in06", ""));
		cassandra("t1in06", CONFIGURED, "t3in06");

		assertThat(this.ownership.owner("search", CONFIGURED)).isEmpty();
		assertThat(this.ownership.owner("payments", CONFIGURED)).get()
			.extracting(OwnedInstance::grant)
			.isEqualTo(Grant.CONFIGURATION);
		assertThat(this.ownership.owner("payments", "m1in06")).isEmpty();
		assertThat(this.ownership.instancesOf("search")).extracting(OwnedInstance::instanceId)
			.containsExactly("c0nf1gured1n06");
		assertThat(gauge("gateway.ownership.tags.ignored", "reason", "unknown-team")).isEqualTo(2);
		assertThat(gauge("gateway.ownership.tags.ignored", "reason", "conflicts-with-configuration")).isEqualTo(1);
		assertThat(gauge("gateway.ownership.tags.ignored", "reason", "not-cassandra")).isEqualTo(1);
	}

	@Test
	void readsEveryPageOfMoreThanAHundredTaggedInstances() {
		List<String> ids = IntStream.range(0, 130).mapToObj((i) -> "p" + i + "in06").toList();
		stubTags(0, ids.subList(0, 100), "search");
		stubTags(100, ids.subList(100, 130), "search");
		CloudStub.server()
			.stubFor(get(urlPathEqualTo(INSTANCES)).withQueryParam("offset", equalTo("0"))
				.willReturn(okJson(instances(ids.subList(0, 100)))));
		CloudStub.server()
			.stubFor(get(urlPathEqualTo(INSTANCES)).withQueryParam("offset", equalTo("100"))
				.willReturn(okJson(instances(ids.subList(100, 130)))));

		this.ownership.refresh();

		assertThat(this.ownership.instancesOf("search")).hasSize(131);
		assertThat(this.ownership.owner("search", "p129in06")).isPresent();
	}

	@Test
	void aRemovedOrChangedTagLosesItsGrantAtTheNextRead() {
		tags(tagged("t1in06", "search"), tagged("t2in06", "search"));
		cassandra("t1in06", "t2in06");
		this.ownership.refresh();
		assertThat(this.ownership.instancesOf("search")).hasSize(3);

		tags(tagged("t2in06", "payments"));
		assertThat(this.ownership.owner("search", "t1in06")).as("until the next read").isPresent();
		this.ownership.refresh();

		assertThat(this.ownership.owner("search", "t1in06")).isEmpty();
		assertThat(this.ownership.owner("search", "t2in06")).isEmpty();
		assertThat(this.ownership.owner("payments", "t2in06")).isPresent();
	}

	@Test
	void theLastGoodAnswerStandsUntilMaxStalenessThenOnlyTagGrantsFail() {
		tags(tagged("t1in06", "search"));
		cassandra("t1in06");
		this.ownership.refresh();
		CloudStub.server().stubFor(post(urlPathEqualTo(TAGS)).willReturn(serverError()));

		this.clock.advance(Duration.ofMinutes(59));
		this.ownership.refresh();
		assertThat(this.ownership.owner("search", "t1in06")).isPresent();
		assertThat(health().getStatus()).isEqualTo(OwnershipHealthIndicator.DEGRADED);

		this.clock.advance(Duration.ofMinutes(2));
		assertThat(unavailable(() -> this.ownership.owner("search", "t1in06"))).isTrue();
		assertThat(unavailable(() -> this.ownership.owner("search", "n3verseen1n06"))).as("may be tagged").isTrue();
		assertThat(this.ownership.owner("payments", CONFIGURED)).as("configured instances keep working").isPresent();
		assertThat(this.ownership.instancesOf("search")).extracting(OwnedInstance::instanceId)
			.containsExactly("c0nf1gured1n06");
		assertThat(gauge("gateway.ownership.answer.age", null, null)).isEqualTo(61 * 60);

		CloudStub.reset();
		tags(tagged("t1in06", "search"));
		cassandra("t1in06");
		this.ownership.refresh();
		assertThat(this.ownership.owner("search", "t1in06")).isPresent();
		assertThat(health().getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void beforeAnyGoodReadAnInstanceNotConfiguredIsUnavailableNotUnknown() {
		CloudStub.server().stubFor(post(urlPathEqualTo(TAGS)).willReturn(serverError()));

		assertThat(unavailable(() -> this.ownership.owner("search", "t1in06"))).isTrue();
		assertThat(this.ownership.owner("payments", CONFIGURED)).isPresent();
		assertThat(this.ownership.owner("search", CONFIGURED)).as("configured to another team").isEmpty();
	}

	@Test
	void anUnknownInstanceReadsTheTagsAgainAtMostOncePerMissRefresh() {
		tags();
		this.ownership.refresh();
		tags(tagged("new1in06", "search"));
		cassandra("new1in06");

		assertThat(this.ownership.owner("search", "new1in06")).as("read a moment ago").isEmpty();
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(this.ownership.owner("search", "new1in06")).as("tagged a minute ago works at once").isPresent();
		assertThat(this.ownership.owner("search", "n0such1n06")).isEmpty();
		assertThat(this.ownership.owner("search", "n0such1n06")).isEmpty();

		CloudStub.server().verify(2, postRequestedFor(urlPathEqualTo(TAGS)));
		assertThat(this.meters.get("gateway.ownership.refreshes").tag("trigger", "miss").counter().count())
			.isEqualTo(1);
	}

	@Test
	void aBurstOfMissesWaitsOnOneRead() {
		CloudStub.server()
			.stubFor(post(urlPathEqualTo(TAGS))
				.willReturn(okJson(page(tagged("new1in06", "search"))).withFixedDelay(300)));
		cassandra("new1in06");

		List<Boolean> granted = Concurrently.run(16, (i) -> this.ownership.owner("search", "new1in06").isPresent());

		assertThat(granted).containsOnly(true);
		CloudStub.server().verify(1, postRequestedFor(urlPathEqualTo(TAGS)));
		CloudStub.server().verify(1, getRequestedFor(urlPathEqualTo(INSTANCES)));
	}

	@Test
	void onlyTheConfiguredKeyIsAskedFor() {
		tags();
		this.ownership.owner("search", "anyth1ng");

		CloudStub.server()
			.verify(postRequestedFor(urlPathEqualTo(TAGS))
				.withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalToJson(
						"{\"action\":\"filter\",\"tags\":[{\"key\":\"team\",\"values\":[]}],\"offset\":0,\"limit\":100}")));
		CloudStub.server().verify(0, getRequestedFor(urlPathEqualTo(INSTANCES)));
	}

	@Test
	void offWithoutATagKey() {
		ConfiguredOwners configured = new ConfiguredOwners(this.teams, this.cloud);
		OwnershipSettings off = new OwnershipSettings(null, Duration.ofMinutes(5), Duration.ofSeconds(30),
				Duration.ofHours(1));
		TagReads none = new TagReads(this.geminiDb, off, this.cloud, this.teams, configured, new SimpleMeterRegistry(),
				this.clock);
		Ownership configurationOnly = new Ownership(configured, none, new SimpleMeterRegistry());

		assertThat(configurationOnly.owner("search", "t1in06")).isEmpty();
		configurationOnly.refresh();
		assertThat(configurationOnly.owner("payments", CONFIGURED)).isPresent();
		CloudStub.server().verify(0, postRequestedFor(urlPathEqualTo(TAGS)));
	}

	private org.springframework.boot.health.contributor.Health health() {
		return new OwnershipHealthIndicator(this.reads).health(true);
	}

	private static boolean unavailable(Runnable lookup) {
		GatewayFailure failure = catchThrowableOfType(GatewayFailure.class, lookup::run);
		return failure != null && failure.code() == ProblemCode.OWNERSHIP_UNAVAILABLE;
	}

	private double gauge(String name, String tag, String value) {
		return (tag != null) ? this.meters.get(name).tag(tag, value).gauge().value()
				: this.meters.get(name).gauge().value();
	}

	private static void tags(String... instances) {
		CloudStub.server().stubFor(post(urlPathEqualTo(TAGS)).willReturn(okJson(page(instances))));
	}

	private static void stubTags(int offset, List<String> ids, String team) {
		MappingBuilder call = post(urlPathEqualTo(TAGS)).withRequestBody(
				com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath("$.offset", equalTo("" + offset)));
		CloudStub.server()
			.stubFor(call.willReturn(okJson(page(ids.stream().map((id) -> tagged(id, team)).toArray(String[]::new)))));
	}

	private static void cassandra(String... ids) {
		CloudStub.server()
			.stubFor(get(urlPathEqualTo(INSTANCES)).withQueryParam("datastore_type", equalTo("cassandra"))
				.willReturn(okJson(instances(List.of(ids)))));
	}

	static String tagged(String id, String team) {
		return """
				{"instance_id": "%s", "instance_name": "db-%s", "tags": [{"key": "env", "value": "prod"}, {"key": "team", "value": "%s"}]}"""
			.formatted(id, id, team);
	}

	static String page(String... instances) {
		return "{\"instances\": [" + String.join(",", instances) + "], \"total_count\": " + instances.length + "}";
	}

	static String instances(List<String> ids) {
		return "{\"instances\": [" + ids.stream()
			.map((id) -> "{\"id\": \"" + id + "\", \"name\": \"db\", \"datastore\": {\"type\": \"cassandra\"}}")
			.collect(Collectors.joining(",")) + "], \"total_count\": " + ids.size() + "}";
	}

}
