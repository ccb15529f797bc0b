package io.backupgateway.deploy;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.backupgateway.BackupGatewayApplication;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.TestJwts;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Graceful shutdown (what a Kubernetes rollout does to a pod): readiness goes DOWN first,
 * a request in flight finishes and gets its audit outcome, then the process stops.
 */
class GracefulShutdownTests {

	static final String INSTANCE = "a4d8ea2584e047439a667703c0684119in06";

	@Test
	void anInFlightRequestCompletesAndIsAuditedDuringShutdown() throws Exception {
		CloudStub.reset();
		CloudStub.server()
			.stubFor(CloudStub.createBackups()
				.willReturn(aResponse().withStatus(202)
					.withFixedDelay(1500)
					.withHeader("Content-Type", "application/json")
					.withBody("{\"job_id\":\"j-shutdown\",\"backup_id\":\"b-shutdown\"}")));
		ConfigurableApplicationContext app = new SpringApplicationBuilder(BackupGatewayApplication.class)
			.profiles("test")
			.run("--server.port=0", "--management.server.port=0",
					"--spring.datasource.url=jdbc:h2:mem:shutdown;DB_CLOSE_DELAY=-1",
					"--test.cloud.url=" + CloudStub.baseUrl(), "--test.closed-port=" + CloudStub.CLOSED_PORT,
					"--spring.lifecycle.timeout-per-shutdown-phase=10s");
		int port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		ApplicationAvailability availability = app.getBean(ApplicationAvailability.class);
		assertThat(availability.getReadinessState()).isEqualTo(ReadinessState.ACCEPTING_TRAFFIC);

		GatewayHttp http = new GatewayHttp(port);
		CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture
			.supplyAsync(() -> http.post(backupsOf("payments", INSTANCE), TestJwts.member("payments"),
					body("payments-shutdown", "d"), "X-Request-Id", "shutdown-1"));
		awaitUpstreamCall();

		CompletableFuture<Void> closing = CompletableFuture.runAsync(app::close);
		awaitReadiness(availability, ReadinessState.REFUSING_TRAFFIC);
		assertThat(inFlight).as("still in flight while readiness is already down").isNotDone();

		HttpResponse<String> response = inFlight.get(10, TimeUnit.SECONDS);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		assertThat(json(response).get("job_id").stringValue()).isEqualTo("j-shutdown");
		closing.get(15, TimeUnit.SECONDS);
		assertThat(app.isActive()).isFalse();

		try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:shutdown", "sa", "");
				ResultSet entry = connection.createStatement()
					.executeQuery("select outcome, job_id from audit_entry where request_id = 'shutdown-1'")) {
			assertThat(entry.next()).isTrue();
			assertThat(entry.getString("outcome")).isEqualTo("accepted");
			assertThat(entry.getString("job_id")).isEqualTo("j-shutdown");
		}
	}

	private static void awaitUpstreamCall() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(20))
			.alias("the request reaches the cloud")
			.until(() -> !CloudStub.server().findAll(postRequestedFor(urlPathMatching("/v3/.*/backups"))).isEmpty());
	}

	private static void awaitReadiness(ApplicationAvailability availability, ReadinessState state) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.until(availability::getReadinessState, (current) -> current == state);
	}

}
