package io.backupgateway.limits;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.BackupGatewayApplication;
import io.backupgateway.audit.chain.ChainSealer;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.Concurrently;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.GatewayTestEnvironment;
import io.backupgateway.testsupport.LimitTeams;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas of the gateway on one PostgreSQL (docs/design.md section 6): the quota,
 * the backup-in-progress rule and the idempotency keys hold across them, and the chain
 * they both seal stays intact. The second replica is a second application beside the
 * shared test context.
 */
@GatewayIntegrationTest
class TwoReplicasIT {

	static ConfigurableApplicationContext second;

	final GatewayHttp first;

	final GatewayHttp other;

	final WireMockServer cloud;

	@Autowired
	ChainSealer sealer;

	TwoReplicasIT(GatewayHttp first, WireMockServer cloud) {
		this.first = first;
		this.cloud = cloud;
		this.other = new GatewayHttp(Integer.parseInt(second.getEnvironment().getProperty("local.server.port")));
	}

	@BeforeAll
	static void startTheSecondReplica() {
		Map<String, Object> properties = new HashMap<>(GatewayTestEnvironment.properties());
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		second = new SpringApplicationBuilder(BackupGatewayApplication.class).profiles("test")
			.properties(properties)
			.run();
	}

	@AfterAll
	static void stopTheSecondReplica() {
		if (second != null) {
			second.close();
		}
	}

	/** Every backup its own job, so that one job's end frees no other instance. */
	@BeforeEach
	void everyBackupItsOwnJob() {
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.uniqueBackups()));
	}

	@Test
	void theQuotaAndTheInProgressRuleHoldAcrossReplicas() {
		String team = LimitTeams.REPLICAS;
		String token = TestJwts.member(team);
		List<HttpResponse<String>> answers = Concurrently.run(16,
				(i) -> replica(i).post(backupsOf(team, LimitTeams.replicas(i / 2)), token,
						body(team + "-race-" + i, "d"), "X-Request-Id", "replicas-" + i + "-" + UUID.randomUUID()));

		List<Integer> accepted = java.util.stream.IntStream.range(0, 16)
			.filter((i) -> answers.get(i).statusCode() == 202)
			.boxed()
			.toList();
		assertThat(accepted).hasSize(6);
		assertThat(accepted.stream().map((i) -> i / 2).distinct()).hasSize(6);
		assertThat(answers).allSatisfy((answer) -> assertThat(answer.statusCode()).isIn(202, 409, 429));
		assertThat(answers.stream().filter((a) -> a.statusCode() == 409))
			.allSatisfy((a) -> assertThat(json(a).get("code").stringValue()).isEqualTo("backup-in-progress"));
		assertThat(answers.stream().filter((a) -> a.statusCode() == 429))
			.allSatisfy((a) -> assertThat(json(a).get("code").stringValue()).isEqualTo("rate-limited"));
		assertThat(this.cloud.findAll(postRequestedFor(urlPathMatching("/v3/[0-9a-f]{32}/instances/c.*/backups"))))
			.hasSize(6);
	}

	@Test
	void aKeyUsedOnOneReplicaIsReplayedOnTheOther() {
		String key = "replicas-" + UUID.randomUUID();
		String token = TestJwts.member("payments");
		HttpResponse<String> original = this.first.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), token,
				body("payments-twice", "d"), "Idempotency-Key", key);
		HttpResponse<String> replayed = this.other.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), token,
				body("payments-twice", "d"), "Idempotency-Key", key);

		assertThat(original.statusCode()).isEqualTo(202);
		assertThat(replayed.statusCode()).isEqualTo(202);
		assertThat(replayed.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(replayed.body()).isEqualTo(original.body());
		this.cloud.verify(1,
				postRequestedFor(urlPathEqualTo(CloudStub.BACKUPS_PATH.formatted(CloudStub.PAYMENTS_INSTANCE))));
	}

	@Test
	void bothReplicasSealOneIntactChain() {
		ChainSealer otherSealer = second.getBean(ChainSealer.class);
		Concurrently.run(8, (i) -> {
			int sealed;
			do {
				sealed = ((i % 2 == 0) ? this.sealer : otherSealer).sealBatch();
			}
			while (sealed > 0);
			return sealed;
		});
		String auditor = TestJwts.token((claims) -> claims.claim("scope", "audit:read"));
		for (GatewayHttp replica : List.of(this.first, this.other)) {
			HttpResponse<String> verified = replica
				.send(replica.request("/v1/audit/verify").header("Authorization", "Bearer " + auditor).GET().build());
			assertThat(json(verified).get("status").stringValue()).isEqualTo("intact");
		}
	}

	private GatewayHttp replica(int index) {
		return (index % 2 == 0) ? this.first : this.other;
	}

}
