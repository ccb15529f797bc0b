package io.backupgateway.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import io.backupgateway.audit.chain.DigestKey;
import io.backupgateway.testsupport.GatewayHttp;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox as a newcomer uses it: get a token from the sandbox, create a backup
 * through the real clients and the in-process stand-ins.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("sandbox")
class SandboxTests {

	static final int PORT = freePort();

	/**
	 * Where the sandbox makes its signing key on first start: a file that does not exist
	 * yet.
	 */
	static final Path KEY_FILE = keyFile();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// the stand-ins' URLs are built from server.port, so it must be known before
		// startup
		registry.add("server.port", () -> PORT);
		registry.add("management.server.port", () -> 0);
		registry.add("spring.datasource.url", () -> "jdbc:h2:mem:sandbox-tests;DB_CLOSE_DELAY=-1");
		registry.add("gateway.audit.signing-key", () -> KEY_FILE.toUri().toString());
		// so that the '-slow' stand-in is answered 504 in two seconds, not ten
		registry.add("gateway.cloud.response-timeout", () -> "2s");
	}

	final GatewayHttp http = new GatewayHttp(PORT);

	@Test
	void createsAPretendBackupWithASandboxToken() {
		String token = sandboxToken("payments");
		HttpResponse<String> response = this.http.post(backupsOf("payments", "a4d8ea2584e047439a667703c0684119in06"),
				token, body("payments-pre-migration", "before schema v42"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
		JsonNode accepted = json(response);
		assertThat(accepted.get("job_id").stringValue()).isNotBlank();
		assertThat(accepted.get("backup_id").stringValue()).endsWith("br06");
		assertThat(accepted.get("audit_id").stringValue()).isNotBlank();
	}

	@Test
	void appliesTheRulesAsInProduction() {
		String token = sandboxToken("payments");
		HttpResponse<String> response = this.http.post(backupsOf("payments", "a4d8ea2584e047439a667703c0684119in06"),
				token, body("ledger-pre-migration", "d"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json(response).get("code").stringValue()).isEqualTo("naming-policy");
		HttpResponse<String> denied = this.http.post(backupsOf("payments", "a4d8ea2584e047439a667703c0684119in06"),
				sandboxToken("search"), body("payments-x1", "d"));
		assertThat(denied.statusCode()).isEqualTo(403);
	}

	@Test
	void anEmptyScopeGrantsNothingAndAMissingOneACreator() {
		HttpResponse<String> me = this.http.send(this.http.request("/v1/me")
			.header("Authorization", "Bearer " + token("/sandbox/token?teams=payments&scope="))
			.GET()
			.build());
		assertThat(me.statusCode()).isEqualTo(200);
		assertThat(json(me).get("permissions").isEmpty()).as(me.body()).isTrue();
		HttpResponse<String> refused = this.http.post(backupsOf("payments", "a4d8ea2584e047439a667703c0684119in06"),
				token("/sandbox/token?teams=payments&scope="), body("payments-no-permission", "d"));
		assertThat(refused.statusCode()).isEqualTo(403);
		HttpResponse<String> creator = this.http.send(this.http.request("/v1/me")
			.header("Authorization", "Bearer " + sandboxToken("payments"))
			.GET()
			.build());
		assertThat(json(creator).get("permissions").toString()).contains("backup:create");
	}

	@Test
	void makesItsSigningKeyOnceAndKeepsIt() throws Exception {
		String pem = Files.readString(KEY_FILE);
		HttpRequest key = this.http.request("/v1/audit/digest-key")
			.header("Authorization", "Bearer " + token("/sandbox/token?subject=carol&scope=audit:read"))
			.GET()
			.build();

		assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
		assertThat(this.http.send(key).headers().firstValue("Key-Id")).hasValue(DigestKey.fromPem(pem).keyId());
	}

	private static Path keyFile() {
		try {
			return Files.createTempDirectory("sandbox-key").resolve("data/sandbox-audit-signing-key.pem");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void sealsTheTrailInTheBackground() {
		this.http.post(backupsOf("payments", "a4d8ea2584e047439a667703c0684119in06"), sandboxToken("payments"),
				body("payments-sealed", "d"));
		HttpRequest verify = this.http.request("/v1/audit/verify")
			.header("Authorization", "Bearer " + token("/sandbox/token?subject=carol&scope=audit:read"))
			.GET()
			.build();
		JsonNode report = Awaitility.await()
			.atMost(java.time.Duration.ofSeconds(10))
			.pollInterval(java.time.Duration.ofMillis(100))
			.until(() -> json(this.http.send(verify)), (current) -> current.get("unsealed").longValue() == 0);
		assertThat(report.get("status").stringValue()).isEqualTo("intact");
		assertThat(report.get("unsealed").longValue()).isZero();
		assertThat(report.get("entries_checked").longValue()).isPositive();
	}

	@Test
	void theReadmeWalkthroughWorksAsWritten() throws Exception {
		String readme = Files.readString(java.nio.file.Path.of("README.md"));
		String section = readme.substring(readme.indexOf("## Try the sandbox"));
		section = section.substring(0, section.indexOf("\n## ", 5));
		String script = section.substring(section.indexOf("```bash\n") + 8,
				section.indexOf("\n```", section.indexOf("```bash")));
		assertThat(script).contains("localhost:8080");
		Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c",
				script.replace("localhost:8080", "localhost:" + PORT))
			.redirectErrorStream(true)
			.start();
		String output = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(bash.waitFor()).as(output).isZero();
		assertThat(output.lines()).as(output).hasSize(8);
		java.util.List<String> lines = output.lines().toList();
		assertThat(lines.get(0)).contains("\"subject\":\"alice\"", "\"teams\":[\"payments\"]", "backup:delete");
		assertThat(lines.get(1)).contains("\"instance_id\":\"a4d8ea2584e047439a667703c0684119in06\"");
		assertThat(lines.get(2)).contains("\"job_id\":", "\"backup_id\":", "\"audit_id\":",
				"\"name\":\"payments-pre-migration\"");
		assertThat(lines.get(3)).contains("\"status\":\"Running\"");
		assertThat(lines.get(4)).contains("\"backup_name\":\"payments-pre-migration\"", "\"outcome\":\"accepted\"");
		String backupId = lines.get(2).replaceAll(".*\"backup_id\":\"([^\"]+)\".*", "$1");
		assertThat(lines.get(5)).contains("\"backup_id\":\"" + backupId + "\"", "\"type\":\"Manual\"",
				"\"type\":\"Auto\"");
		assertThat(lines.get(6)).contains("\"job_id\":", "\"audit_id\":");
		assertThat(lines.get(7)).contains("\"code\":\"naming-policy\"");
		HttpResponse<String> listed = this.http.send(this.http.request("/v1/teams/payments/backups?limit=100")
			.header("Authorization", "Bearer " + sandboxToken("payments"))
			.GET()
			.build());
		assertThat(listed.body()).as("deleted").doesNotContain(backupId);
	}

	@Test
	void theReadmeTagWalkthroughWorksAsWritten() throws Exception {
		String readme = Files.readString(java.nio.file.Path.of("README.md"));
		String section = readme.substring(readme.indexOf("### Instances granted by the cloud's tags"));
		String script = section.substring(section.indexOf("```bash\n") + 8,
				section.indexOf("\n```", section.indexOf("```bash")));
		Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c",
				script.replace("localhost:8080", "localhost:" + PORT))
			.redirectErrorStream(true)
			.start();
		String output = new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		assertThat(bash.waitFor()).as(output).isZero();
		java.util.List<String> lines = output.lines().toList();
		assertThat(lines).as(output).hasSize(4);
		assertThat(lines.get(0)).contains("\"team\":\"payments\"");
		assertThat(lines.get(1)).contains("\"job_id\":", "\"name\":\"payments-first-tagged\"");
		assertThat(lines.get(2)).contains(
				"{\"instance_id\":\"6f8b0d2f4a6c4e8a0c2e4b6d8f0a2c4ein06\",\"project\":\"eu-de-sandbox\",",
				"\"source\":\"tag\"", "\"source\":\"configuration\"");
		assertThat(lines.get(3)).contains("\"grant\":\"tag\"", "\"outcome\":\"accepted\"");
		// the stand-ins' other tags grant nothing: an unknown team, and a MongoDB
		// instance
		assertThat(lines.get(2)).doesNotContain("9e1a3c5e7b9d4f2a6c8e0b2d4f6a8c0ein06");
		HttpResponse<String> search = this.http.send(this.http.request("/v1/teams/search/instances")
			.header("Authorization", "Bearer " + sandboxToken("search"))
			.GET()
			.build());
		assertThat(search.body()).contains("2c4e6a8b0d1f4a3c5e7b9d1f3a5c7e9bin06")
			.doesNotContain("5d7f9b1d3f5a4c6e8b0d2f4a6c8e0b2din06");
	}

	@org.junit.jupiter.params.ParameterizedTest
	@org.junit.jupiter.params.provider.CsvSource({ "payments-x-busy, 409, upstream-rejected",
			"payments-x-taken, 409, upstream-rejected", "payments-x-throttled, 503, upstream-throttled",
			"payments-x-broken, 502, upstream-error", "payments-x-slow, 504, upstream-timeout" })
	void theStandInsMisbehaveOnRequest(String name, int status, String code) {
		HttpResponse<String> response = this.http.post(backupsOf("payments", "a4d8ea2584e047439a667703c0684119in06"),
				sandboxToken("payments"), body(name, "d"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
		assertThat(json(response).get("code").stringValue()).isEqualTo(code);
	}

	@Test
	void aStaleTokenIsReplacedAndTheBackupCreated() {
		HttpResponse<String> response = this.http.post(backupsOf("payments", "a4d8ea2584e047439a667703c0684119in06"),
				sandboxToken("payments"), body("payments-x-stale-token", "d"));
		assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
	}

	@Test
	void aBackupInUseByARestoreIsNotDeleted() {
		HttpResponse<String> created = this.http.post(backupsOf("payments", "a4d8ea2584e047439a667703c0684119in06"),
				sandboxToken("payments"), body("payments-x-in-use", "d"));
		assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
		String token = token("/sandbox/token?teams=payments&scope=backup:delete");

		HttpResponse<String> deleted = this.http
			.send(this.http.request("/v1/teams/payments/backups/" + json(created).get("backup_id").stringValue())
				.header("Authorization", "Bearer " + token)
				.DELETE()
				.build());

		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(409);
		assertThat(json(deleted).get("code").stringValue()).isEqualTo("backup-in-use");
	}

	private String sandboxToken(String team) {
		return token("/sandbox/token?teams=" + team);
	}

	private String token(String path) {
		HttpRequest request = this.http.request(path).POST(HttpRequest.BodyPublishers.noBody()).build();
		HttpResponse<String> response = this.http.send(request);
		assertThat(response.statusCode()).isEqualTo(200);
		return json(response).get("access_token").stringValue();
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
