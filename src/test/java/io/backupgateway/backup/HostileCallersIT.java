package io.backupgateway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.audit.SeededEntry;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import io.backupgateway.testsupport.TestPostgres;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile callers on the running gateway (docs/security.md), in a context of its own with
 * the shipped caller rate (the rest of the suite sends far more), a query timeout of one
 * second, and on a platform that looks like Kubernetes, where Spring Boot would trust
 * forwarded headers by default.
 */
@GatewayIntegrationTest
@TestPropertySource(properties = { "gateway.limits.requests-per-caller-per-minute=120",
		"spring.main.cloud-platform=kubernetes", "gateway.audit.query-timeout=1s" })
class HostileCallersIT {

	final GatewayHttp http;

	final WireMockServer cloud;

	@Autowired
	BeanFactory beans;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	HostileCallersIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	@Test
	void theHundredAndTwentyFirstRequestIsRefusedAndNotStored() {
		String subject = "flood-" + UUID.randomUUID();
		String token = TestJwts.token((
				claims) -> claims.subject(subject).claim("teams", List.of("payments")).claim("scope", "backup:create"));
		double before = limited();
		for (int i = 0; i < 120; i++) {
			// invalid requests count as much as valid ones
			assertThat(this.http
				.post(backupsOf("payments", "bad-id!"), token, body("payments-flood", "d"), "X-Request-Id",
						subject + "-" + i)
				.statusCode()).isEqualTo(400);
		}

		HttpResponse<String> refused = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), token,
				body("payments-flood", "d"), "X-Request-Id", subject + "-over");

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(json(refused).get("code").stringValue()).isEqualTo("rate-limited");
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
		assertThat(this.jdbc.sql("select count(*) from audit_entry where actor = ?")
			.param(subject)
			.query(Long.class)
			.single()).isEqualTo(120);
		assertThat(this.jdbc.sql("select count(*) from audit_entry where request_id = ?")
			.param(subject + "-over")
			.query(Long.class)
			.single()).isZero();
		HttpResponse<String> delete = this.http.send(this.http.request("/v1/teams/payments/backups/abc123br06")
			.header("Authorization", "Bearer " + token)
			.header("X-Request-Id", subject + "-delete")
			.DELETE()
			.build());
		assertThat(delete.statusCode()).as("deletes count against the same rate").isEqualTo(429);
		assertThat(this.jdbc.sql("select count(*) from audit_entry where request_id = ?")
			.param(subject + "-delete")
			.query(Long.class)
			.single()).isZero();
		assertThat(limited()).isEqualTo(before + 2);
		this.cloud.verify(0, postRequestedFor(urlPathMatching("/v3/.*/backups")));

		HttpResponse<String> other = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE),
				TestJwts.member("payments"), body("payments-other-caller", "d"));
		assertThat(other.statusCode()).as("other callers are not held back").isEqualTo(202);
	}

	@Test
	void aForgedForwardedForDoesNotChooseTheAuditedClientAddress() {
		String requestId = "forwarded-" + UUID.randomUUID();
		HttpResponse<String> response = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE),
				TestJwts.member("payments"), body("payments-forwarded", "d"), "X-Request-Id", requestId,
				"X-Forwarded-For", "203.0.113.9", "X-Forwarded-Host", "evil.example.com");
		assertThat(response.statusCode()).isEqualTo(202);
		assertThat(this.jdbc.sql("select client_ip from audit_entry where request_id = ?")
			.param(requestId)
			.query(String.class)
			.single()).isEqualTo("127.0.0.1");
		HttpResponse<String> metadata = this.http.send(this.http.request("/.well-known/oauth-protected-resource")
			.header("X-Forwarded-Host", "evil.example.com")
			.GET()
			.build());
		assertThat(metadata.body()).doesNotContain("evil.example.com");
	}

	@Test
	void tenStalledExportsLeaveTheCreatePathAlone() throws Exception {
		String team = "stalled" + UUID.randomUUID().toString().substring(0, 8);
		// enough entries that an export cannot fit into the sockets' buffers
		SeededEntry.insert(this.beans,
				IntStream.rangeClosed(1, 20000)
					.mapToObj((x) -> SeededEntry.of("backup.create", "rejected")
						.actor("mallory")
						.team(team)
						.requestId("stall-" + x)
						.description("d".repeat(200)))
					.toList());
		// the planner must know of the rows, as autovacuum would soon tell it: stale
		// statistics
		// would send other tests' queries through the action index
		this.jdbc.sql("analyze audit_entry").update();
		List<Socket> exports = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				// ten auditors: one caller runs one export at a time anyway
				int auditor = i;
				exports.add(stalledExport(team, TestJwts
					.token((claims) -> claims.subject("mallory-auditor-" + auditor).claim("scope", "audit:read"))));
			}
			// every export has been answered (200 and stalled, or refused) before the
			// create
			List<Integer> statuses = new ArrayList<>();
			for (Socket export : exports) {
				statuses.add(statusOf(export));
			}
			assertThat(statuses).containsOnly(200, 429);
			assertThat(statuses).filteredOn((status) -> status == 200).hasSize(2);

			HttpResponse<String> create = this.http
				.send(this.http.request(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE))
					.timeout(Duration.ofSeconds(3))
					.header("Authorization", "Bearer " + TestJwts.member("payments"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body("payments-beside-exports", "d")))
					.build());
			assertThat(create.statusCode()).isEqualTo(202);
		}
		finally {
			for (Socket export : exports) {
				export.close();
			}
		}
	}

	@Test
	void aReviewThatOutlastsTheQueryTimeoutIsAnsweredUnavailableNotFailed() throws Exception {
		try (Connection admin = TestPostgres.adminConnection()) {
			admin.setAutoCommit(false);
			try (Statement statement = admin.createStatement()) {
				// every read of the trail now waits: a review as slow as any on a huge
				// trail
				statement.execute("lock table audit_entry in access exclusive mode");
			}
			HttpResponse<String> review = this.http.send(this.http.request("/v1/audit?team=payments")
				.header("Authorization", "Bearer " + TestJwts.member("payments"))
				.GET()
				.build());

			assertThat(review.statusCode()).as(review.body()).isEqualTo(503);
			assertThat(json(review).get("code").stringValue()).isEqualTo("audit-unavailable");
			assertThat(review.body()).doesNotContain("Exception").doesNotContain("at org.");
			admin.rollback();
		}
	}

	/**
	 * An export request on a socket with a tiny receive window that is never read past
	 * its status line.
	 */
	private Socket stalledExport(String team, String token) throws IOException {
		Socket socket = new Socket();
		socket.setReceiveBufferSize(1024);
		socket.setSoTimeout(20_000);
		socket.connect(new InetSocketAddress("127.0.0.1", this.http.port()));
		socket.getOutputStream()
			.write(("GET /v1/audit/export?format=ndjson&team=" + team + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
					+ "Authorization: Bearer " + token + "\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
		return socket;
	}

	private static int statusOf(Socket socket) throws IOException {
		// read byte by byte so that no more than the status line leaves the socket
		InputStream in = socket.getInputStream();
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
			line.append((char) b);
		}
		return Integer.parseInt(line.toString().split(" ")[1]);
	}

	private double limited() {
		var counter = this.meters.find("gateway.requests.limited").tag("team", "payments").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
