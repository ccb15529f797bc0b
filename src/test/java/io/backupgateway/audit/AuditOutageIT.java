package io.backupgateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayTestSupport;
import io.backupgateway.testsupport.TcpProxy;
import io.backupgateway.testsupport.TestJwts;
import io.backupgateway.testsupport.TestPostgres;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Invariant 1: no upstream call without a durable audit record. The audit store sits
 * behind a TCP proxy that the test cuts, as a database outage would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.server.port=0", "gateway.audit.write-timeout=2s",
				"spring.datasource.hikari.connection-timeout=1000" })
@ActiveProfiles("test")
@EnabledIf("io.backupgateway.testsupport.TestPostgres#available")
@ExtendWith(GatewayTestSupport.class)
class AuditOutageIT {

	static TcpProxy proxy;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		TestPostgres.register(registry);
		CloudStub.register(registry);
		registry.add("spring.datasource.url", () -> {
			return "jdbc:postgresql://127.0.0.1:" + proxy().port() + "/" + TestPostgres.database();
		});
	}

	static synchronized TcpProxy proxy() {
		if (proxy == null) {
			URI address = TestPostgres.address();
			try {
				proxy = new TcpProxy(address.getHost(), address.getPort());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return proxy;
	}

	@AfterAll
	static void closeProxy() {
		if (proxy != null) {
			proxy.close();
		}
	}

	final WireMockServer cloud = CloudStub.server();

	final GatewayHttp http;

	@LocalManagementPort
	int managementPort;

	AuditOutageIT(GatewayHttp http) {
		this.http = http;
	}

	@AfterEach
	void restoreDatabase() {
		proxy().restore();
	}

	@Test
	void answers503AndCallsNothingUpstreamWhenAuditStoreIsDown() {
		proxy().cut();
		long started = System.nanoTime();
		HttpResponse<String> response = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE),
				TestJwts.member("payments"), body("payments-outage", "d"));
		Duration took = Duration.ofNanos(System.nanoTime() - started);

		assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
		assertThat(json(response).get("code").stringValue()).isEqualTo("audit-unavailable");
		assertThat(took).as("answered within write-timeout plus the pool's acquire timeout")
			.isLessThan(Duration.ofSeconds(2 + 1 + 2));
		this.cloud.verify(0, postRequestedFor(urlPathMatching("/v3/.*/backups")));
		this.cloud.verify(0, postRequestedFor(urlPathEqualTo("/v3/auth/tokens")));
	}

	@Test
	void recoversWhenTheStoreIsBack() {
		proxy().cut();
		assertThat(this.http
			.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), TestJwts.member("payments"),
					body("payments-outage2", "d"))
			.statusCode()).isEqualTo(503);
		proxy().restore();
		// the pool reconnects in the background: every refused request on the way sends
		// nothing
		Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			int status = this.http
				.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), TestJwts.member("payments"),
						body("payments-back", "d"))
				.statusCode();
			assertThat(status).isEqualTo(202);
		});
		this.cloud.verify(1, postRequestedFor(urlPathMatching("/v3/.*/backups")));
	}

	@Test
	void readinessAndHealthAnswer503WhileTheStoreIsDownAndLivenessStays200() {
		GatewayHttp management = new GatewayHttp(this.managementPort);
		// ready to begin with: the pool may still be replacing connections an earlier
		// test's cut left dead
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(status(management, "/actuator/health/readiness")).isEqualTo(200));
		proxy().cut();
		// the pool notices at its next validation: poll until the probe has seen it
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(status(management, "/actuator/health/readiness")).isEqualTo(503));
		assertThat(status(management, "/actuator/health")).as("the root is DOWN too").isEqualTo(503);
		assertThat(status(management, "/actuator/health/liveness")).as("a restart would not help").isEqualTo(200);

		proxy().restore();
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(250))
			.untilAsserted(() -> assertThat(status(management, "/actuator/health/readiness")).isEqualTo(200));
		Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
			assertThat(this.http
				.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), TestJwts.member("payments"),
						body("payments-ready-again", "d"))
				.statusCode()).isEqualTo(202);
		});
	}

	private static int status(GatewayHttp management, String path) {
		return management.send(management.request(path).GET().build()).statusCode();
	}

	@Test
	void aRefusalIsStillAnsweredAsSuchDuringAnOutage() {
		proxy().cut();
		HttpResponse<String> response = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE),
				TestJwts.member("search"), body("payments-x", "d"));
		assertThat(response.statusCode()).isEqualTo(403);
		this.cloud.verify(0, postRequestedFor(urlPathMatching("/v3/.*/backups")));
	}

}
