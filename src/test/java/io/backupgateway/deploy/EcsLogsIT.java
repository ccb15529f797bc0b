package io.backupgateway.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import io.backupgateway.BackupGatewayApplication;
import io.backupgateway.testsupport.GatewayHttp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's ECS log lines as a collector reads them (docs/design.md 3.6): the sandbox
 * in a JVM of its own with the format the chart sets, so the logging of the other tests
 * stays plain text. Every line parses as JSON; the trace ids are ECS's {@code trace.id}
 * and {@code span.id}, the request id {@code http.request.id}, the access line's fields
 * are under {@code backup_gateway.}, and none of them is left at the top level under its
 * old name.
 */
class EcsLogsIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void linesAreJsonWithEcsNamesAndTheGatewaysNamespace() throws Exception {
		int port = freePort();
		List<String> lines = Collections.synchronizedList(new ArrayList<>());
		Process gateway = new ProcessBuilder(java(), "-Xmx384m", "-cp", System.getProperty("java.class.path"),
				BackupGatewayApplication.class.getName(), "--spring.profiles.active=sandbox", "--server.port=" + port,
				"--server.address=127.0.0.1", "--management.server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:ecs;DB_CLOSE_DELAY=-1", "--logging.structured.format.console=ecs",
				"--management.tracing.sampling.probability=1.0")
			.redirectErrorStream(true)
			.start();
		Thread reader = new Thread(() -> {
			try (BufferedReader out = new BufferedReader(
					new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = out.readLine(); line != null; line = out.readLine()) {
					lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		});
		reader.setDaemon(true);
		reader.start();
		try {
			Awaitility.await()
				.atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> snapshot(lines).stream()
					.anyMatch((line) -> line.contains("Started BackupGatewayApplication")) || !gateway.isAlive());
			assertThat(gateway.isAlive()).as(String.join("\n", snapshot(lines))).isTrue();
			GatewayHttp http = new GatewayHttp(port);
			HttpResponse<String> tokenAnswer = http
				.send(http.request("/sandbox/token?teams=payments").POST(HttpRequest.BodyPublishers.noBody()).build());
			String token = json(tokenAnswer).get("access_token").stringValue();
			HttpResponse<String> created = http.post(backupsOf("payments", "a4d8ea2584e047439a667703c0684119in06"),
					token, body("payments-ecs", "d"), "X-Request-Id", "ecs-request-1");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(202);

			JsonNode access = Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> accessLine(snapshot(lines)), Optional::isPresent)
				.orElseThrow();
			assertThat(access.get("trace.id").stringValue()).hasSize(32);
			assertThat(access.get("span.id").stringValue()).hasSize(16);
			assertThat(access.get("http.request.id").stringValue()).isEqualTo("ecs-request-1");
			assertThat(access.get("backup_gateway.action").stringValue()).isEqualTo("backup.create");
			assertThat(access.get("backup_gateway.team").stringValue()).isEqualTo("payments");
			assertThat(access.get("backup_gateway.outcome").stringValue()).isEqualTo("accepted");
			assertThat(access.get("backup_gateway.http_status").intValue()).isEqualTo(202);
			assertThat(access.has("backup_gateway.duration_ms")).isTrue();
			assertThat(access.propertyNames()).doesNotContain("traceId", "spanId", "request_id", "team", "outcome",
					"http_status", "action");
			for (String line : snapshot(lines)) {
				if (line.startsWith("{")) {
					assertThat(JSON.readTree(line).get("@timestamp")).as(line).isNotNull();
				}
			}
		}
		finally {
			gateway.destroy();
			if (!gateway.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
				gateway.destroyForcibly();
			}
		}
	}

	private static Optional<JsonNode> accessLine(List<String> lines) {
		for (String line : lines) {
			if (line.startsWith("{") && line.contains("\"io.backupgateway.access\"")) {
				return Optional.of(JSON.readTree(line));
			}
		}
		return Optional.empty();
	}

	private static List<String> snapshot(List<String> lines) {
		synchronized (lines) {
			return new ArrayList<>(lines);
		}
	}

	private static String java() {
		return java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
