package io.backupgateway.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.audit.SeededEntry;
import io.backupgateway.audit.entry.LongReads;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.Concurrently;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second round of hostile input (docs/security.md, docs/design.md 3.4 "Hostile
 * input") on the running gateway: slow bodies, encoded paths, read floods, slow exports,
 * log injection, instants out of range, concurrent deletes. A context of its own with the
 * shipped caller rates, an export deadline of three seconds and the backup list's
 * freshness on.
 */
@GatewayIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "gateway.limits.requests-per-caller-per-minute=120",
		"gateway.limits.reads-per-caller-per-minute=600", "gateway.limits.backup-list-fresh-for=5s",
		"gateway.audit.export-max-duration=3s" })
class HostileInputIT {

	static final String BACKUP = "0a1b2c3d4e5f60718293a4b5c6d7e8f9br06";

	final GatewayHttp http;

	final WireMockServer cloud;

	@Autowired
	BeanFactory beans;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	LongReads longReads;

	@LocalManagementPort
	int managementPort;

	HostileInputIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	@Test
	void slowBodiesWithAndWithoutATokenHoldNoWorkerWhileCreatesKeepAnswering() throws Exception {
		int each = 150;
		List<SlowBody> bodies = new ArrayList<>();
		ExecutorService readers = Executors.newFixedThreadPool(2 * each);
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		try {
			for (int i = 0; i < each; i++) {
				bodies.add(SlowBody.open(this.http.port(), null));
				bodies.add(SlowBody.open(this.http.port(),
						TestJwts.token((claims) -> claims.subject("slow-" + UUID.randomUUID())
							.claim("teams", List.of("payments"))
							.claim("scope", "backup:create"))));
			}
			List<Future<SlowBody.Answer>> answers = new ArrayList<>();
			for (SlowBody slow : bodies) {
				answers.add(readers.submit(slow::answer));
			}
			// a byte every half second on every socket: never enough, never silent
			trickle.scheduleAtFixedRate(() -> bodies.forEach(SlowBody::oneMoreByte), 500, 500, TimeUnit.MILLISECONDS);

			List<Long> latencies = new ArrayList<>();
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(7);
			GatewayHttp management = new GatewayHttp(this.managementPort);
			boolean readyChecked = false;
			while (System.nanoTime() < until) {
				String creator = TestJwts.token((claims) -> claims.subject("creator-" + UUID.randomUUID())
					.claim("teams", List.of("payments"))
					.claim("scope", "backup:create"));
				long started = System.nanoTime();
				HttpResponse<String> create = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE),
						creator, body("payments-beside-slow-bodies", "d"));
				latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
				assertThat(create.statusCode()).as(create.body()).isEqualTo(202);
				if (!readyChecked && latencies.size() == 20) {
					HttpResponse<String> ready = management
						.send(management.request("/actuator/health/readiness").GET().build());
					assertThat(ready.statusCode()).as("readiness stays honest").isEqualTo(200);
					readyChecked = true;
				}
			}
			Collections.sort(latencies);
			assertThat(latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1))
				.as("p99 of %s creates, ms", latencies.size())
				.isLessThan(1000);

			for (int i = 0; i < bodies.size(); i++) {
				SlowBody.Answer answer = answers.get(i).get(30, TimeUnit.SECONDS);
				if (bodies.get(i).token == null) {
					assertThat(answer.status()).as("without a token").isEqualTo(401);
					assertThat(answer.closedAfterMillis()).as("closed without waiting for the body").isLessThan(3000);
				}
				else {
					assertThat(answer.status()).as("with a token, a body that never arrives").isEqualTo(408);
					assertThat(answer.closedAfterMillis()).as("closed at the body-read timeout")
						.isBetween(4000L, 12_000L);
				}
				assertThat(answer.closed()).isTrue();
			}
		}
		finally {
			trickle.shutdownNow();
			readers.shutdownNow();
			for (SlowBody slow : bodies) {
				slow.close();
			}
		}
	}

	@Test
	void everyRuleSeesOneSpellingOfAPathEncodedSegmentsAreRefused() {
		String token = TestJwts.token((claims) -> claims.subject("encoder-" + UUID.randomUUID())
			.claim("teams", List.of("payments"))
			.claim("scope", "backup:create backup:delete"));
		String instance = CloudStub.PAYMENTS_INSTANCE;
		List<String> creates = List.of("/%761/teams/payments/instances/" + instance + "/backups",
				"/v1/team%73/payments/instances/" + instance + "/backups",
				"/v1/teams/%70ayments/instances/" + instance + "/backups",
				"/v1/teams/payments/instance%73/" + instance + "/backups",
				"/v1/teams/payments/instances/%61" + instance.substring(1) + "/backups",
				"/v1/teams/payments/instances/" + instance + "/backup%73",
				"/v1/teams/payments/instances/" + instance + "/backups%2D");
		List<String> deletes = List.of("/%761/teams/payments/backups/" + BACKUP,
				"/v1/team%73/payments/backups/" + BACKUP, "/v1/teams/%70ayments/backups/" + BACKUP,
				"/v1/teams/payments/backup%73/" + BACKUP, "/v1/teams/payments/backups/%30" + BACKUP.substring(1));
		List<String> keys = new ArrayList<>();
		for (String path : creates) {
			String key = "enc-" + UUID.randomUUID();
			keys.add(key);
			assertRefused(this.http.post(path, token, body("payments-encoded", "d"), "Idempotency-Key", key,
					"X-Request-Id", key));
		}
		for (String path : deletes) {
			String key = "enc-" + UUID.randomUUID();
			keys.add(key);
			assertRefused(this.http.send(this.http.request(path)
				.header("Authorization", "Bearer " + token)
				.header("Idempotency-Key", key)
				.header("X-Request-Id", key)
				.DELETE()
				.build()));
		}
		assertRefused(this.http.send(this.http.request(creates.get(2))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body("payments-encoded", "d")))
			.build()));
		for (String key : keys) {
			assertThat(this.jdbc.sql("select count(*) from audit_entry where request_id = ?")
				.param(key)
				.query(Long.class)
				.single()).isZero();
			assertThat(this.jdbc.sql("select count(*) from idempotency_key where idem_key = ?")
				.param(key)
				.query(Long.class)
				.single()).isZero();
		}
		assertThat(this.cloud.findAll(anyRequestedFor(urlPathMatching("/v[34]/[0-9a-f]{32}/.*"))))
			.as("nothing reached the cloud, not even a backup list")
			.isEmpty();
	}

	@Test
	void encodedPathsDoNotWalkPastTheCallerRate() {
		String subject = "encoded-flood-" + UUID.randomUUID();
		String token = TestJwts.token((
				claims) -> claims.subject(subject).claim("teams", List.of("payments")).claim("scope", "backup:create"));
		for (int i = 0; i < 130; i++) {
			String path = (i % 2 == 0) ? "/v1/teams/payments/instances/" + CloudStub.PAYMENTS_INSTANCE + "/backup%73"
					: "/v1/teams/%70ayments/instances/" + CloudStub.PAYMENTS_INSTANCE + "/backups";
			assertThat(this.http.post(path, token, body("payments-flood", "d")).statusCode()).isEqualTo(400);
		}
		assertThat(this.jdbc.sql("select count(*) from audit_entry where actor = ?")
			.param(subject)
			.query(Long.class)
			.single()).isZero();
		this.cloud.verify(0, anyRequestedFor(urlPathMatching("/v3/[0-9a-f]{32}/instances/.*")));
	}

	@Test
	void aKeySentOnARefusedPathIsFreeForThePlainOne() {
		String token = TestJwts.token((claims) -> claims.subject("keyholder-" + UUID.randomUUID())
			.claim("teams", List.of("payments"))
			.claim("scope", "backup:create"));
		String key = "key-" + UUID.randomUUID();
		HttpResponse<String> encoded = this.http.post(
				"/v1/teams/payments/instances/" + CloudStub.PAYMENTS_INSTANCE + "/backup%73", token,
				body("payments-keyed", "d"), "Idempotency-Key", key);
		assertRefused(encoded);

		HttpResponse<String> plain = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), token,
				body("payments-keyed", "d"), "Idempotency-Key", key);
		assertThat(plain.statusCode()).as(plain.body()).isEqualTo(202);
		HttpResponse<String> again = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), token,
				body("payments-keyed", "d"), "Idempotency-Key", key);
		assertThat(again.statusCode()).isEqualTo(202);
		assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(again.body()).isEqualTo(plain.body());
		assertThat(this.jdbc.sql("select count(*) from idempotency_key where idem_key = ? and state = 'in_flight'")
			.param(key)
			.query(Long.class)
			.single()).as("no key outlives its request in flight").isZero();
	}

	@Test
	void aCallersReadsAreBoundedLikeItsWrites() {
		String subject = "reader-" + UUID.randomUUID();
		String token = TestJwts.token((
				claims) -> claims.subject(subject).claim("teams", List.of("payments")).claim("scope", "backup:create"));
		for (int i = 0; i < 600; i++) {
			String path = switch (i % 3) {
				case 0 -> "/v1/teams/payments/instances";
				case 1 -> "/v1/audit?team=payments&limit=1";
				default -> "/v1/me";
			};
			assertThat(read(path, token).statusCode()).isEqualTo(200);
		}
		HttpResponse<String> refused = read("/v1/audit?team=payments&limit=1", token);
		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(json(refused).get("code").stringValue()).isEqualTo("rate-limited");
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
		assertThat(read("/v1/teams/payments/jobs/" + UUID.randomUUID(), token).statusCode()).as("job lookups count too")
			.isEqualTo(429);

		assertThat(read("/v1/teams/payments/instances", TestJwts.member("payments")).statusCode())
			.as("other callers are not held back")
			.isEqualTo(200);
		assertThat(this.http
			.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), token, body("payments-after-reads", "d"))
			.statusCode()).as("writes have a rate of their own").isEqualTo(202);
	}

	@Test
	void eightyReviewLoopsOfOneMemberLeaveTheCreatePathAlone() throws Exception {
		String team = "flood" + UUID.randomUUID().toString().substring(0, 8);
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		SeededEntry.insert(this.beans,
				IntStream.rangeClosed(1, 30000)
					.mapToObj((x) -> SeededEntry.of("backup.job", "completed")
						.at(now.minusSeconds(x))
						.actor("mallory")
						.team(team)
						.requestId("flood-" + x)
						.job("job-" + x, null))
					.toList());
		// the planner must know of the rows, as autovacuum would soon tell it: stale
		// statistics would send other tests' queries through the action index
		this.jdbc.sql("analyze audit_entry").update();
		String reviewer = TestJwts
			.token((claims) -> claims.subject("reviewer-" + UUID.randomUUID()).claim("scope", "audit:read"));
		AtomicBoolean stop = new AtomicBoolean();
		AtomicBoolean refused = new AtomicBoolean();
		ExecutorService loops = Executors.newFixedThreadPool(80);
		List<Future<Set<Integer>>> statuses = new ArrayList<>();
		try {
			for (int i = 0; i < 80; i++) {
				statuses.add(loops.submit(() -> {
					Set<Integer> seen = new java.util.TreeSet<>();
					while (!stop.get()) {
						int status = read("/v1/audit?action=backup.job&limit=500&team=" + team, reviewer).statusCode();
						seen.add(status);
						refused.compareAndSet(false, status == 429);
					}
					return seen;
				}));
			}
			List<Long> latencies = new ArrayList<>();
			long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
			// creates go on until the reviewer has used up its reads: the flood at its
			// worst
			while (latencies.size() < 100 || (!refused.get() && System.nanoTime() < giveUp)) {
				long started = System.nanoTime();
				HttpResponse<String> create = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE),
						TestJwts.token((claims) -> claims.subject("creator-" + UUID.randomUUID())
							.claim("teams", List.of("payments"))
							.claim("scope", "backup:create")),
						body("payments-beside-reviews", "d"));
				latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
				assertThat(create.statusCode()).as(create.body()).isEqualTo(202);
			}
			Collections.sort(latencies);
			assertThat(latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1))
				.as("p99 of %s creates beside 80 review loops, ms", latencies.size())
				.isLessThan(1000);
		}
		finally {
			stop.set(true);
			loops.shutdown();
		}
		Set<Integer> seen = new java.util.TreeSet<>();
		for (Future<Set<Integer>> loop : statuses) {
			seen.addAll(loop.get(60, TimeUnit.SECONDS));
		}
		assertThat(seen).as("reviews are answered, refused for their rate, or unavailable; never failed")
			.isSubsetOf(200, 429, 503)
			.contains(429);
	}

	@Test
	void aSlowExportIsCutAtItsDeadlineAndItsSlotsFree() throws Exception {
		String team = "slowread" + UUID.randomUUID().toString().substring(0, 8);
		SeededEntry.insert(this.beans,
				IntStream.rangeClosed(1, 20000)
					.mapToObj((x) -> SeededEntry.of("backup.create", "rejected")
						.actor("mallory")
						.team(team)
						.requestId("slow-" + x)
						.description("d".repeat(200)))
					.toList());
		// the planner must know of the rows, as autovacuum would soon tell it: stale
		// statistics would send other tests' queries through the action index
		this.jdbc.sql("analyze audit_entry").update();
		String auditor = TestJwts
			.token((claims) -> claims.subject("slow-reader-" + UUID.randomUUID()).claim("scope", "audit:read"));
		try (Socket socket = new Socket()) {
			socket.setReceiveBufferSize(64 * 1024);
			socket.setSoTimeout(20_000);
			socket.connect(new InetSocketAddress("127.0.0.1", this.http.port()));
			socket.getOutputStream()
				.write(("GET /v1/audit/export?format=ndjson&team=" + team + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
						+ "Authorization: Bearer " + auditor + "\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			// 64 KB a second: steady, never stalled, far too slow for the whole export
			// (the
			// pace is the load itself; the test waits on what the gateway does)
			InputStream in = socket.getInputStream();
			byte[] chunk = new byte[8 * 1024];
			AtomicLong read = new AtomicLong();
			AtomicBoolean ended = new AtomicBoolean();
			long started = System.nanoTime();
			ScheduledExecutorService reader = Executors.newSingleThreadScheduledExecutor();
			reader.scheduleAtFixedRate(() -> {
				try {
					int n = readChunk(in, chunk);
					if (n < 0) {
						ended.set(true);
						throw new IllegalStateException("the export ended");
					}
					read.addAndGet(n);
				}
				catch (IOException ex) {
					ended.set(true);
					throw new UncheckedIOException(ex);
				}
			}, 0, 125, TimeUnit.MILLISECONDS);
			try {
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> read.get() > 32 * 1024);
				HttpResponse<String> second = read("/v1/audit/export?format=csv&team=" + team + "x", auditor);
				assertThat(second.statusCode()).as("one export at a time per caller").isEqualTo(429);
				// the gateway ends the export at its deadline: the caller's slot is free
				// although the reader has not yet read what the sockets' buffers still
				// hold
				Awaitility.await()
					.atMost(Duration.ofSeconds(20))
					.pollInterval(Duration.ofMillis(250))
					.until(() -> read("/v1/audit/export?format=csv&team=" + team + "x", auditor).statusCode() == 200);
				assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
					.as("not before export-max-duration (3 s)")
					.isGreaterThanOrEqualTo(2500);
				assertThat(ended.get()).as("the reader still had data buffered").isFalse();
			}
			finally {
				reader.shutdownNow();
				reader.awaitTermination(5, TimeUnit.SECONDS);
			}
			int n;
			StringBuilder tail = new StringBuilder();
			for (n = readSome(in, chunk); n >= 0; n = readSome(in, chunk)) {
				tail.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
				if (tail.length() > 64) {
					tail.delete(0, tail.length() - 64);
				}
			}
			assertThat(tail.toString()).as("no closing chunk: the client sees an incomplete export")
				.doesNotEndWith("0\r\n\r\n");
		}
		List<Integer> afterwards = Concurrently.run(2,
				(i) -> read("/v1/audit/export?format=csv&team=" + team + "x",
						TestJwts.token((claims) -> claims.subject("auditor-after-" + i).claim("scope", "audit:read")))
					.statusCode());
		assertThat(afterwards).as("both slots are free again").containsOnly(200);
		assertThat(this.longReads.jdbc().sql("show idle_in_transaction_session_timeout").query(String.class).single())
			.as("the long reads' sessions never sit idle in a transaction for long")
			.isEqualTo("40s");
	}

	@Test
	void aBodyWithTransferEncodingIsRefused() throws IOException {
		String token = TestJwts.member("payments");
		String path = backupsOf("payments", CloudStub.PAYMENTS_INSTANCE);
		String json = body("payments-smuggled", "d");
		String chunked = Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n";
		for (String framing : List.of("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
				"Transfer-Encoding: chunked\r\n")) {
			try (Socket socket = new Socket()) {
				socket.setSoTimeout(10_000);
				socket.connect(new InetSocketAddress("127.0.0.1", this.http.port()));
				socket.getOutputStream()
					.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
							+ "\r\nContent-Type: application/json\r\n" + framing + "\r\n" + chunked
							+ "GET /v1/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
				String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
				assertThat(answer).as(framing).startsWith("HTTP/1.1 400 ").contains("\"code\":\"invalid-request\"");
				assertThat(answer).as("nothing after the refusal is read as a request").containsOnlyOnce("HTTP/1.1");
			}
		}
		this.cloud.verify(0, anyRequestedFor(urlPathMatching("/v3/[0-9a-f]{32}/instances/.*")));
	}

	@Test
	void instantsOutsideWhatTheStoreHoldsAreRefusedNamingTheParameter() {
		String auditor = TestJwts.token((claims) -> claims.subject("instants").claim("scope", "audit:read"));
		for (String query : List.of("/v1/audit?from=%2B999999999-01-01T00:00:00Z",
				"/v1/audit/export?format=csv&to=%2B999999999-01-01T00:00:00Z", "/v1/audit?from=-000001-01-01T00:00:00Z",
				"/v1/audit?to=%2B10000-01-01T00:00:00Z")) {
			HttpResponse<String> answer = read(query, auditor);
			assertThat(answer.statusCode()).as(query + " " + answer.body()).isEqualTo(400);
			assertThat(json(answer).get("code").stringValue()).isEqualTo("invalid-request");
			assertThat(json(answer).get("errors").get(0).get("field").stringValue()).isIn("from", "to");
		}
	}

	@Test
	void oneDeleteOfABackupIsInFlightAtATime() {
		this.cloud.stubFor(get(urlPathEqualTo("/v4/" + CloudStub.PROJECT_ID + "/backups"))
			.withQueryParam("instance_id", equalTo(CloudStub.PAYMENTS_INSTANCE))
			.willReturn(
					okJson("""
							{"total_count": 1, "backups": [
							  {"id": "%s", "name": "payments-twice", "instance_id": "%s", "type": "Manual", "status": "COMPLETED",
							   "begin_time": "2026-11-30T10:00:00+0000", "end_time": "2026-11-30T10:05:00+0000"}]}
							"""
						.formatted(BACKUP, CloudStub.PAYMENTS_INSTANCE))));
		this.cloud.stubFor(get(urlPathEqualTo("/v4/" + CloudStub.PROJECT_ID + "/backups"))
			.withQueryParam("instance_id", equalTo("b5e9fb3695f158540b778814d1795220in06"))
			.willReturn(okJson("{\"total_count\": 0, \"backups\": []}")));
		this.cloud.stubFor(delete(urlPathMatching("/v3/[0-9a-f]{32}/backups/.*")).willReturn(aResponse().withStatus(202)
			.withFixedDelay(1000)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"job_id\": \"3a2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d\"}")));

		List<Integer> statuses = Concurrently.run(10,
				(i) -> this.http
					.send(this.http.request("/v1/teams/payments/backups/" + BACKUP)
						.header("Authorization",
								"Bearer " + TestJwts.token((claims) -> claims.subject("deleter-" + i)
									.claim("teams", List.of("payments"))
									.claim("scope", "backup:create backup:delete")))
						.DELETE()
						.build())
					.statusCode());

		assertThat(statuses).containsOnly(202, 409);
		assertThat(statuses).filteredOn((status) -> status == 202).hasSize(1);
		this.cloud.verify(1, deleteRequestedFor(urlPathMatching("/v3/[0-9a-f]{32}/backups/" + BACKUP)));
	}

	@Test
	void aTeamsBackupListIsReadOnceForManyPages() {
		this.cloud.stubFor(get(urlPathEqualTo("/v4/" + CloudStub.PROJECT_ID + "/backups"))
			.willReturn(okJson("{\"total_count\": 0, \"backups\": []}")));
		String token = TestJwts.member("payments");
		List<Integer> statuses = Concurrently.run(20,
				(i) -> read("/v1/teams/payments/backups?limit=" + (i % 5 + 1), token).statusCode());
		assertThat(statuses).containsOnly(200);
		assertThat(this.cloud.findAll(getRequestedFor(urlPathEqualTo("/v4/" + CloudStub.PROJECT_ID + "/backups"))))
			.as("at most one read of each of the team's two instances")
			.hasSizeLessThanOrEqualTo(2);
	}

	@Test
	void callerValuesCannotForgeLogLines(CapturedOutput output) {
		String subject = "mallory\nFORGED level=INFO caller=admin";
		String token = TestJwts.token((
				claims) -> claims.subject(subject).claim("teams", List.of("payments")).claim("scope", "backup:create"));
		for (int i = 0; i < 121; i++) {
			this.http.post(backupsOf("payments", "bad-id!"), token, body("payments-forge", "d"));
		}
		assertThat(output.getOut()).contains("mallory\\nFORGED\\u0020level=INFO");
		String member = TestJwts.member("payments");
		for (String team : List.of("pay%1Bment", "pay%09ment", "pay%C2%85X", "pay%E2%80%A8ment",
				"pay%20ment%20outcome=accepted%20http_status=202")) {
			HttpResponse<String> refused = this.http.post(backupsOf(team, "x"), member, body("payments-forge", "d"));
			assertThat(refused.statusCode()).as(team).isIn(400, 403);
		}
		String logged = output.getOut();
		assertThat(logged.lines()).noneMatch((line) -> line.startsWith("FORGED"));
		assertThat(logged).doesNotContain("\u001b").doesNotContain("\u0085").doesNotContain("\u2028");
		assertThat(logged.lines()).filteredOn((line) -> line.contains("pay")).noneMatch((line) -> line.contains("\t"));
		assertThat(logged).doesNotContain("pay ment outcome=accepted");
		assertThat(logged).contains("pay\\u001Bment").contains("pay\\u0020ment\\u0020outcome=accepted");
	}

	private static void assertRefused(HttpResponse<String> response) {
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(json(response).get("code").stringValue()).isEqualTo("invalid-request");
	}

	private HttpResponse<String> read(String path, String token) {
		return this.http.send(this.http.request(path)
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token)
			.GET()
			.build());
	}

	/** Reads a whole chunk (less only at the end), so that the pace is the one set. */
	private static int readChunk(InputStream in, byte[] chunk) throws IOException {
		try {
			int n = in.readNBytes(chunk, 0, chunk.length);
			return (n == 0) ? -1 : n;
		}
		catch (java.net.SocketException ex) {
			return -1;
		}
	}

	private static int readSome(InputStream in, byte[] chunk) throws IOException {
		try {
			return in.read(chunk);
		}
		catch (java.net.SocketException ex) {
			// the gateway ended the connection
			return -1;
		}
	}

	/** A create request whose body arrives a byte at a time, and never whole. */
	static final class SlowBody {

		final Socket socket;

		final String token;

		final long openedAt = System.nanoTime();

		private SlowBody(Socket socket, String token) {
			this.socket = socket;
			this.token = token;
		}

		static SlowBody open(int port, String token) throws IOException {
			Socket socket = new Socket();
			socket.setSoTimeout(20_000);
			socket.connect(new InetSocketAddress("127.0.0.1", port));
			String head = "POST " + backupsOf("payments", CloudStub.PAYMENTS_INSTANCE)
					+ " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n"
					+ ((token != null) ? "Authorization: Bearer " + token + "\r\n" : "") + "\r\n{";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			return new SlowBody(socket, token);
		}

		void oneMoreByte() {
			try {
				OutputStream out = this.socket.getOutputStream();
				out.write(' ');
				out.flush();
			}
			catch (IOException ex) {
				// closed by the gateway: what the test wants
			}
		}

		/** Reads the status line, then until the gateway closes the connection. */
		Answer answer() throws IOException {
			InputStream in = this.socket.getInputStream();
			StringBuilder line = new StringBuilder();
			int b;
			for (b = in.read(); b != -1 && b != '\n'; b = in.read()) {
				line.append((char) b);
			}
			int status = Integer.parseInt(line.toString().split(" ")[1]);
			boolean closed = false;
			try {
				while (in.read() != -1) {
					// the rest of the answer
				}
				closed = true;
			}
			catch (java.net.SocketException ex) {
				// reset after the answer: closed as well
				closed = true;
			}
			return new Answer(status, closed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.openedAt));
		}

		void close() {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// nothing left to do
			}
		}

		record Answer(int status, boolean closed, long closedAfterMillis) {
		}

	}

}
