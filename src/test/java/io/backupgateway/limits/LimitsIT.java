package io.backupgateway.limits;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.audit.AuditFollowUp;
import io.backupgateway.audit.Outcome;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.Concurrently;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.LimitTeams;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The team quota and the backup-in-progress rule (docs/design.md 3.4) at their edges and
 * under races, on PostgreSQL: status, code, the audit outcome and the number of calls the
 * cloud received.
 */
@GatewayIntegrationTest
class LimitsIT {

	final GatewayHttp http;

	final WireMockServer cloud;

	@Autowired
	AuditFollowUp followUp;

	@Autowired
	JdbcClient jdbc;

	LimitsIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	/** Every backup its own job, so that one job's end frees no other instance. */
	@BeforeEach
	void everyBackupItsOwnJob() {
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.uniqueBackups()));
	}

	@Test
	void theQuotasLastSlotGoesToExactlyOneOfTwentyAndAReplayNeedsNoSlot() {
		String team = LimitTeams.QUOTA;
		String token = TestJwts.member(team);
		String key = "quota-" + UUID.randomUUID();
		assertThat(create(team, LimitTeams.quota(0), token, "first", "Idempotency-Key", key).statusCode())
			.isEqualTo(202);
		for (int i = 1; i < 4; i++) {
			assertThat(create(team, LimitTeams.quota(i % 4), token, "fill-" + i).statusCode()).isEqualTo(202);
		}

		List<HttpResponse<String>> race = Concurrently.run(20, (i) -> create(team, LimitTeams.quota(i % 4), token,
				"race-" + i, "X-Request-Id", "race-" + team + "-" + i));

		assertThat(race.stream().filter((r) -> r.statusCode() == 202)).hasSize(1);
		List<HttpResponse<String>> limited = race.stream().filter((r) -> r.statusCode() == 429).toList();
		assertThat(limited).hasSize(19);
		for (HttpResponse<String> response : limited) {
			assertThat(json(response).get("code").stringValue()).isEqualTo("rate-limited");
			long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
			assertThat(retryAfter).isBetween(3000L, 3600L);
		}
		assertThat(createsOf(team, "accepted")).isEqualTo(5);
		assertThat(this.jdbc
			.sql("select count(*) from audit_entry where team = ? and outcome = 'rejected'"
					+ " and code = 'rate-limited' and request_id like 'race-%'")
			.param(team)
			.query(Long.class)
			.single()).isEqualTo(19);
		assertThat(callsFor(team)).isEqualTo(5);

		HttpResponse<String> replay = create(team, LimitTeams.quota(0), token, "first", "Idempotency-Key", key);
		assertThat(replay.statusCode()).isEqualTo(202);
		assertThat(replay.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(callsFor(team)).isEqualTo(5);
	}

	@Test
	void aSecondBackupOfAnInstanceWaitsForTheFirstsJob() {
		String team = LimitTeams.SERIAL;
		String token = TestJwts.member(team);
		HttpResponse<String> first = create(team, LimitTeams.serial(0), token, "one");
		assertThat(first.statusCode()).isEqualTo(202);

		HttpResponse<String> second = create(team, LimitTeams.serial(0), token, "two", "X-Request-Id",
				"serial-" + UUID.randomUUID());
		assertThat(second.statusCode()).isEqualTo(409);
		assertThat(json(second).get("code").stringValue()).isEqualTo("backup-in-progress");
		assertThat(entry(second.headers().firstValue("X-Request-Id").orElseThrow()))
			.containsEntry("outcome", "rejected")
			.containsEntry("code", "backup-in-progress");
		assertThat(create(team, LimitTeams.serial(1), token, "elsewhere").statusCode()).isEqualTo(202);
		assertThat(callsFor(team)).isEqualTo(2);

		endJobOf(json(first).get("audit_id").stringValue(), "Completed");
		assertThat(create(team, LimitTeams.serial(0), token, "three").statusCode()).isEqualTo(202);
		assertThat(callsFor(team)).isEqualTo(3);
	}

	@Test
	void twentyRacingRequestsStartOneBackupOfAnInstance() {
		String team = LimitTeams.SERIAL;
		String token = TestJwts.member(team);
		List<HttpResponse<String>> race = Concurrently.run(20,
				(i) -> create(team, LimitTeams.serial(2), token, "race-" + i));
		assertThat(race.stream().filter((r) -> r.statusCode() == 202)).hasSize(1);
		assertThat(race.stream().filter((r) -> r.statusCode() == 409)).hasSize(19)
			.allSatisfy((r) -> assertThat(json(r).get("code").stringValue()).isEqualTo("backup-in-progress"));
		this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CloudStub.BACKUPS_PATH.formatted(LimitTeams.serial(2)))));
	}

	@Test
	void anAmbiguousAnswerHoldsTheInstanceButARefusalDoesNot() {
		String team = LimitTeams.SERIAL;
		String token = TestJwts.member(team);
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.cloudError(400, "DBS.280277", "refused")));
		assertThat(create(team, LimitTeams.serial(3), token, "refused").statusCode()).isEqualTo(409);
		this.cloud.stubFor(CloudStub.createBackups().willReturn(aResponse().withStatus(500)));
		HttpResponse<String> broken = create(team, LimitTeams.serial(3), token, "broken", "X-Request-Id",
				"ambiguous-" + UUID.randomUUID());
		assertThat(broken.statusCode()).isEqualTo(502);
		assertThat(entry(broken.headers().firstValue("X-Request-Id").orElseThrow())).containsEntry("outcome", "pending")
			.containsEntry("http_status", 502)
			.containsEntry("code", "upstream-error");

		CloudStub.reset();
		HttpResponse<String> next = create(team, LimitTeams.serial(3), token, "next");
		assertThat(next.statusCode()).isEqualTo(409);
		assertThat(json(next).get("code").stringValue()).isEqualTo("backup-in-progress");
		this.cloud.verify(0, postRequestedFor(urlPathEqualTo(CloudStub.BACKUPS_PATH.formatted(LimitTeams.serial(3)))));
	}

	private HttpResponse<String> create(String team, String instance, String token, String name, String... headers) {
		return this.http.post(backupsOf(team, instance), token, body(team + "-" + name, "d"), headers);
	}

	private long createsOf(String team, String outcome) {
		return this.jdbc
			.sql("select count(*) from audit_entry where team = ? and action = 'backup.create'" + " and outcome = ?")
			.params(team, outcome)
			.query(Long.class)
			.single();
	}

	/** Create calls the cloud received for the team's instances since the test began. */
	private int callsFor(String team) {
		IntFunction<String> instances = team.equals(LimitTeams.QUOTA) ? LimitTeams::quota : LimitTeams::serial;
		int calls = 0;
		for (int i = 0; i < 4; i++) {
			calls += this.cloud
				.findAll(postRequestedFor(urlPathEqualTo(CloudStub.BACKUPS_PATH.formatted(instances.apply(i)))))
				.size();
		}
		return calls;
	}

	private Map<String, Object> entry(String requestId) {
		return this.jdbc.sql("select * from audit_entry where request_id = ?").param(requestId).query().singleRow();
	}

	/** What the job follower records when a job ends. */
	private void endJobOf(String auditId, String status) {
		this.followUp.recordJobEnd(UUID.fromString(auditId),
				"Completed".equals(status) ? Outcome.COMPLETED : Outcome.FAILED);
	}

}
