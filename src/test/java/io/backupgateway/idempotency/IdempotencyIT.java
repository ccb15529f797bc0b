package io.backupgateway.idempotency;

import java.net.http.HttpResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.Concurrently;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
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
 * {@code Idempotency-Key} as docs/design.md 3.4 says, on PostgreSQL: replays answer the
 * first answer's bytes without the cloud, other requests with the key are refused, and
 * the key is kept only when the cloud may have created the backup.
 */
@GatewayIntegrationTest
class IdempotencyIT {

	static final String INSTANCE = CloudStub.PAYMENTS_INSTANCE;

	static final String CREATE_PATH = CloudStub.BACKUPS_PATH.formatted(INSTANCE);

	final GatewayHttp http;

	final WireMockServer cloud;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	IdempotencyKeys keys;

	IdempotencyIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	@Test
	void aReplayAnswersTheFirstAnswersBytesWithoutTheCloud() {
		String key = key();
		HttpResponse<String> first = create("payments-idem", "d", key, "alice");
		HttpResponse<String> again = create("payments-idem", "d", key, "alice");

		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
		assertThat(again.statusCode()).isEqualTo(202);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(again.headers().firstValue("Content-Type")).hasValue("application/json");
		assertThat(again.body()).isEqualTo(first.body());
		this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		Map<String, Object> replayed = entry(again);
		assertThat(replayed).containsEntry("outcome", "replayed")
			.containsEntry("http_status", 202)
			.containsEntry("idempotency_key", key)
			.containsEntry("job_id", json(first).get("job_id").stringValue())
			.containsEntry("backup_id", json(first).get("backup_id").stringValue());
	}

	@Test
	void theKeyWithAnotherRequestIsAConflictAndTouchesNothing() {
		String key = key();
		assertThat(create("payments-idem", "d", key, "alice").statusCode()).isEqualTo(202);
		HttpResponse<String> other = create("payments-other", "d", key, "alice");

		assertThat(other.statusCode()).isEqualTo(422);
		assertThat(json(other).get("code").stringValue()).isEqualTo("idempotency-conflict");
		assertThat(entry(other)).containsEntry("outcome", "rejected").containsEntry("code", "idempotency-conflict");
		this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		assertThat(create("payments-idem", "d", key, "alice").headers().firstValue("Idempotent-Replayed"))
			.hasValue("true");
	}

	@Test
	void fiftyConcurrentRequestsWithOneKeyMakeOneBackup() {
		this.cloud.stubFor(CloudStub.createBackups()
			.willReturn(aResponse().withStatus(202)
				.withFixedDelay(300)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"job_id\":\"" + CloudStub.JOB_ID + "\",\"backup_id\":\"" + CloudStub.BACKUP_ID + "\"}")));
		String key = key();
		List<HttpResponse<String>> answers = Concurrently.run(50, (i) -> create("payments-fifty", "d", key, "alice"));

		this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		assertThat(answers.stream()
			.filter((a) -> a.statusCode() == 202 && a.headers().firstValue("Idempotent-Replayed").isEmpty()))
			.hasSize(1);
		assertThat(answers).allSatisfy((answer) -> {
			if (answer.statusCode() == 409) {
				assertThat(json(answer).get("code").stringValue()).isEqualTo("idempotency-in-progress");
			}
			else {
				assertThat(answer.statusCode()).isEqualTo(202);
			}
		});
	}

	@Test
	void aKeyWhoseRequestCreatedNothingIsReleased() {
		String key = key();
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.cloudError(403, "DBS.200019", "busy")));
		assertThat(create("payments-busy", "d", key, "alice").statusCode()).isEqualTo(409);
		CloudStub.reset();
		HttpResponse<String> retry = create("payments-busy", "d", key, "alice");

		assertThat(retry.statusCode()).isEqualTo(202);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).isEmpty();
		this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
	}

	@Test
	void aKeyIsKeptWhenTheCloudMayHaveCreatedTheBackup() {
		String key = key();
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.cloudError(500, "DBS.200998", "oops")));
		HttpResponse<String> first = create("payments-maybe", "d", key, "alice");
		HttpResponse<String> again = create("payments-maybe", "d", key, "alice");

		assertThat(first.statusCode()).isEqualTo(502);
		assertThat(again.statusCode()).isEqualTo(502);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(again.body()).isEqualTo(first.body());
		assertThat(again.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
		assertThat(entry(again)).containsEntry("outcome", "replayed")
			.containsEntry("http_status", 502)
			.containsEntry("code", "upstream-error");
	}

	@Test
	void keysBelongToTeamAndActor() {
		String key = key();
		assertThat(create("payments-scoped", "d", key, "alice").statusCode()).isEqualTo(202);
		HttpResponse<String> bob = create("payments-scoped", "d", key, "bob");

		assertThat(bob.statusCode()).isEqualTo(202);
		assertThat(bob.headers().firstValue("Idempotent-Replayed")).isEmpty();
		this.cloud.verify(2, postRequestedFor(urlPathEqualTo(CREATE_PATH)));
	}

	@Test
	void anExpiredKeyIsFreeAgainAndPurged() {
		String reused = key();
		String forgotten = key();
		seedExpired(reused);
		seedExpired(forgotten);

		HttpResponse<String> fresh = create("payments-expired", "d", reused, "alice");
		assertThat(fresh.statusCode()).isEqualTo(202);
		assertThat(fresh.headers().firstValue("Idempotent-Replayed")).isEmpty();
		this.cloud.verify(1, postRequestedFor(urlPathEqualTo(CREATE_PATH)));

		assertThat(this.keys.purgeExpired()).isPositive();
		assertThat(rows(forgotten)).isZero();
		assertThat(rows(reused)).isOne();
	}

	private HttpResponse<String> create(String name, String description, String key, String subject) {
		String token = TestJwts.token((
				claims) -> claims.subject(subject).claim("teams", List.of("payments")).claim("scope", "backup:create"));
		return this.http.post(backupsOf("payments", INSTANCE), token, body(name, description), "Idempotency-Key", key,
				"X-Request-Id", "idem-" + UUID.randomUUID());
	}

	private Map<String, Object> entry(HttpResponse<String> response) {
		return this.jdbc.sql("select * from audit_entry where request_id = ?")
			.param(response.headers().firstValue("X-Request-Id").orElseThrow())
			.query()
			.singleRow();
	}

	private void seedExpired(String key) {
		OffsetDateTime past = OffsetDateTime.now(ZoneOffset.UTC).minusDays(2);
		this.jdbc.sql("""
				insert into idempotency_key (team, actor, idem_key, fingerprint, state, http_status, content_type, body,
				    created_at, expires_at)
				values ('payments', 'alice', ?, ?, 'done', 202, 'application/json', '{}', ?, ?)
				""").params(key, "0".repeat(64), past, past.plusDays(1)).update();
	}

	private long rows(String key) {
		return this.jdbc.sql("select count(*) from idempotency_key where idem_key = ?")
			.param(key)
			.query(Long.class)
			.single();
	}

	private static String key() {
		return "key-" + UUID.randomUUID();
	}

}
