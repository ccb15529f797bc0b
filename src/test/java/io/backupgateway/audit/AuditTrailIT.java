package io.backupgateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import io.backupgateway.audit.chain.ChainSealer;
import io.backupgateway.audit.chain.ChainVerifier;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.testsupport.WriterAlongside;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import io.backupgateway.testsupport.TestPostgres;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail as auditors and portals read it, on PostgreSQL: pages, exports, access
 * rules, the append-only trigger and the integrity chain.
 */
@GatewayIntegrationTest
class AuditTrailIT {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BeanFactory beans;

	@Autowired
	ChainSealer sealer;

	@Autowired
	ChainVerifier verifier;

	final GatewayHttp http;

	/** A team of this test's own, so entries of other tests never interfere. */
	String team;

	final OffsetDateTime base = OffsetDateTime.now(ZoneOffset.UTC).minusDays(3).truncatedTo(ChronoUnit.MICROS);

	AuditTrailIT(GatewayHttp http) {
		this.http = http;
	}

	@BeforeEach
	void setUp() {
		this.team = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
	}

	@Test
	void walksEveryEntryExactlyOnceNewestFirstWhileEntriesArrive() throws Exception {
		List<Seeded> seeded = new ArrayList<>();
		Random random = new Random(42);
		for (int i = 0; i < 230; i++) {
			// whole minutes, so many entries share a timestamp and seq must break the tie
			seeded.add(insert(this.team, this.base.plusMinutes(random.nextInt(60)), "accepted", "payments-" + i));
		}
		List<String> expected = seeded.stream()
			.sorted(Comparator.comparing(Seeded::occurredAt).thenComparing(Seeded::seq).reversed())
			.map(Seeded::auditId)
			.toList();
		AtomicBoolean walking = new AtomicBoolean(true);
		Thread writer = new Thread(() -> {
			while (walking.get()) {
				insert(this.team, OffsetDateTime.now(ZoneOffset.UTC), "accepted", "payments-late");
			}
		});
		writer.start();
		List<String> walked = new ArrayList<>();
		try {
			String to = this.base.plusHours(2).toString();
			String cursor = null;
			do {
				int limit = 1 + random.nextInt(40);
				String query = "?team=" + this.team + "&to=" + encode(to) + "&limit=" + limit
						+ ((cursor != null) ? "&cursor=" + cursor : "");
				JsonNode page = json(get("/v1/audit" + query, TestJwts.member(this.team)));
				assertThat(page.get("entries").size()).isLessThanOrEqualTo(limit);
				page.get("entries").forEach((entry) -> walked.add(entry.get("audit_id").stringValue()));
				cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").stringValue();
			}
			while (cursor != null);
		}
		finally {
			walking.set(false);
			writer.join();
		}
		assertThat(walked).containsExactlyElementsOf(expected);
	}

	@Test
	void anEntryCarriesEveryMemberOfTheDesign() {
		Seeded seeded = insert(this.team, this.base, "accepted", "payments-members");
		JsonNode entry = json(get("/v1/audit/" + seeded.auditId(), TestJwts.member(this.team)));
		assertThat(entry.propertyNames()).containsExactly(AuditEntry.FIELDS);
		assertThat(entry.get("occurred_at").stringValue()).isEqualTo(AuditEntry.format(this.base));
		assertThat(entry.get("job_status").stringValue()).isEqualTo("Running");
		assertThat(entry.get("idempotency_key").isNull()).isTrue();
	}

	@Test
	void theLatestJobEntryDecidesTheJobStatus() {
		Seeded request = insert(this.team, this.base, "accepted", "payments-job");
		insertJobEnd(request, "completed", "Completed");
		JsonNode entry = json(get("/v1/audit/" + request.auditId(), TestJwts.member(this.team)));
		assertThat(entry.get("job_status").stringValue()).isEqualTo("Completed");
	}

	@Test
	void filtersByEveryMember() {
		insert(this.team, this.base, "accepted", "payments-a");
		Seeded denied = insert(this.team, this.base.plusMinutes(5), "denied", "payments-b");
		insert(this.team, this.base.plusMinutes(10), "rejected", "payments-c");
		String auditor = auditor();
		assertThat(ids("?team=" + this.team + "&outcome=denied", auditor)).containsExactly(denied.auditId());
		assertThat(ids("?team=" + this.team + "&from=" + encode(this.base.plusMinutes(5).toString()) + "&to="
				+ encode(this.base.plusMinutes(10).toString()), auditor))
			.containsExactly(denied.auditId());
		assertThat(ids("?team=" + this.team + "&actor=alice&action=backup.create&instance_id=i" + this.team, auditor))
			.hasSize(3);
		assertThat(ids("?team=" + this.team + "&actor=bob", auditor)).isEmpty();
	}

	@Nested
	class Access {

		@Test
		void aMemberReadsOnlyItsOwnTeams() {
			Seeded own = insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "accepted", "payments-own");
			String otherTeam = AuditTrailIT.this.team + "x";
			Seeded other = insert(otherTeam, AuditTrailIT.this.base, "accepted", "payments-other");
			String member = TestJwts.member(AuditTrailIT.this.team);
			assertThat(ids("?team=" + AuditTrailIT.this.team, member)).containsExactly(own.auditId());
			assertThat(ids("?instance_id=i" + otherTeam, member)).isEmpty();
			assertThat(get("/v1/audit?team=" + otherTeam, member).statusCode()).isEqualTo(403);
			assertThat(get("/v1/audit/" + other.auditId(), member).statusCode()).isEqualTo(404);
			assertThat(get("/v1/audit/export?format=ndjson&team=" + otherTeam, member).statusCode()).isEqualTo(403);
		}

		@Test
		void anAuditorReadsEveryTeam() {
			Seeded other = insert(AuditTrailIT.this.team + "y", AuditTrailIT.this.base, "denied", "payments-x");
			assertThat(get("/v1/audit/" + other.auditId(), auditor()).statusCode()).isEqualTo(200);
			assertThat(ids("?team=" + AuditTrailIT.this.team + "y", auditor())).containsExactly(other.auditId());
		}

		@Test
		void aCallerWithNeitherPermissionReadsNothing() {
			String nobody = TestJwts
				.token((claims) -> claims.claim("teams", List.of(AuditTrailIT.this.team)).claim("scope", "openid"));
			assertThat(get("/v1/audit", nobody).statusCode()).isEqualTo(403);
			assertThat(get("/v1/audit/verify", TestJwts.member(AuditTrailIT.this.team)).statusCode()).isEqualTo(403);
		}

		@Test
		void unknownIdsAreNotFound() {
			assertThat(get("/v1/audit/" + UUID.randomUUID(), auditor()).statusCode()).isEqualTo(404);
			assertThat(get("/v1/audit/not-a-uuid", auditor()).statusCode()).isEqualTo(404);
		}

	}

	@ParameterizedTest
	@ValueSource(strings = { "?from=yesterday", "?to=2026-13-01T00:00:00Z", "?outcome=maybe", "?action=backup.restore",
			"?cursor=garbage", "?limit=0", "?limit=501", "?limit=ten", "?team=Not_A_Team", "?teams=payments",
			"?team=a&team=b" })
	void badQueriesAreInvalidRequests(String query) {
		HttpResponse<String> response = get("/v1/audit" + query, auditor());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
		assertThat(json(response).get("code").stringValue()).isEqualTo("invalid-request");
	}

	@Test
	void limitsAreOneToFiveHundred() {
		assertThat(get("/v1/audit?limit=1", auditor()).statusCode()).isEqualTo(200);
		assertThat(get("/v1/audit?limit=500", auditor()).statusCode()).isEqualTo(200);
	}

	@Test
	void theExportHoldsExactlyWhatTheQueryReturns() {
		for (int i = 0; i < 25; i++) {
			insert(this.team, this.base.plusSeconds(i), (i % 3 == 0) ? "denied" : "accepted", "payments-" + i);
		}
		List<String> queried = ids("?team=" + this.team + "&limit=500", auditor());
		HttpResponse<String> ndjson = get("/v1/audit/export?format=ndjson&team=" + this.team, auditor());
		assertThat(ndjson.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/x-ndjson"));
		JsonMapper mapper = JsonMapper.builder().build();
		List<String> exported = ndjson.body()
			.lines()
			.map((line) -> mapper.readTree(line).get("audit_id").stringValue())
			.toList();
		assertThat(exported).containsExactlyElementsOf(queried).hasSize(25);

		HttpResponse<String> csv = get("/v1/audit/export?format=csv&team=" + this.team + "&outcome=denied", auditor());
		assertThat(csv.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/csv"));
		List<String> rows = csv.body().lines().toList();
		assertThat(rows.get(0)).isEqualTo(String.join(",", AuditEntry.FIELDS) + ",chain_seq,entry_hash,chain_hash");
		assertThat(rows).hasSize(1 + 9);
	}

	@Test
	void theCsvNeverHandsASpreadsheetAFormula() {
		Seeded nasty = insert(this.team, this.base, "rejected", "=HYPERLINK(\"http://x\",\"y\")");
		String csv = get("/v1/audit/export?format=csv&team=" + this.team, auditor()).body();
		assertThat(csv).contains(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",")
			.contains(nasty.auditId())
			.doesNotContain(",=HYPERLINK");
	}

	@Test
	void exportNeedsAKnownFormat() {
		assertThat(get("/v1/audit/export", auditor()).statusCode()).isEqualTo(400);
		assertThat(get("/v1/audit/export?format=xml", auditor()).statusCode()).isEqualTo(400);
	}

	@Nested
	class AppendOnly {

		@Test
		void theApplicationRoleCannotChangeOrDeleteAFinishedEntry() {
			Seeded entry = insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "denied", "payments-final");
			assertThatThrownBy(
					() -> AuditTrailIT.this.jdbc.sql("update audit_entry set outcome = 'accepted' where audit_id = ?")
						.param(UUID.fromString(entry.auditId()))
						.update())
				.rootCause()
				.hasMessageContaining("append-only");
			assertThatThrownBy(() -> AuditTrailIT.this.jdbc.sql("delete from audit_entry where audit_id = ?")
				.param(UUID.fromString(entry.auditId()))
				.update()).rootCause().hasMessageContaining("append-only");
		}

		@Test
		void aPendingEntryIsCompletedExactlyOnce() {
			Seeded pending = insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "pending", "payments-pending");
			UUID id = UUID.fromString(pending.auditId());
			// completed as the gateway completes it, MAC and all
			assertThat(AuditTrailIT.this.beans.getBean(AuditRepository.class)
				.complete(id, null, new AuditOutcome(Outcome.ACCEPTED, 202, null, 202, null, null, null, null, 5L)))
				.isTrue();
			assertThatThrownBy(() -> AuditTrailIT.this.jdbc
				.sql("update audit_entry set outcome = 'failed', http_status = 502 where audit_id = ?")
				.param(id)
				.update()).rootCause().hasMessageContaining("append-only");
		}

		@Test
		void aPendingEntryCannotRewriteWhoAskedForWhat() {
			Seeded pending = insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "pending", "payments-pending2");
			assertThatThrownBy(() -> AuditTrailIT.this.jdbc
				.sql("update audit_entry set outcome = 'accepted', actor = 'mallory' where audit_id = ?")
				.param(UUID.fromString(pending.auditId()))
				.update()).rootCause().hasMessageContaining("never change");
		}

		@Test
		void aPendingEntryCannotChangeWhichSourceGrantedItsInstance() {
			Seeded pending = insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "pending", "payments-pending3");
			assertThatThrownBy(() -> AuditTrailIT.this.jdbc
				.sql("update audit_entry set outcome = 'accepted', grant_source = 'tag' where audit_id = ?")
				.param(UUID.fromString(pending.auditId()))
				.update()).rootCause().hasMessageContaining("never change");
		}

		@Test
		void aSealedEntryCannotBeResealed() {
			Seeded entry = insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "denied", "payments-sealed");
			awaitSealed();
			assertThatThrownBy(() -> AuditTrailIT.this.jdbc
				.sql("update audit_entry set entry_hash = repeat('0', 64) where audit_id = ?")
				.param(UUID.fromString(entry.auditId()))
				.update()).rootCause().hasMessageContaining("append-only");
		}

	}

	@Nested
	class Chain {

		@Test
		void anUntouchedTrailIsIntact() {
			insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "accepted", "payments-chain");
			JsonNode report = awaitSealed();
			assertThat(report.get("status").stringValue()).isEqualTo("intact");
			assertThat(report.get("entries_checked").longValue()).isPositive();
			assertThat(report.get("first_broken_audit_id").isNull()).isTrue();
			assertThat(report.get("unsealed").longValue()).isZero();
		}

		@Test
		void verifyingWhileEntriesAreSealedNeverSeesABrokenChain() throws InterruptedException {
			java.util.concurrent.atomic.AtomicInteger i = new java.util.concurrent.atomic.AtomicInteger();
			try (WriterAlongside writer = WriterAlongside.start(() -> {
				insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "rejected",
						"payments-race-" + i.incrementAndGet());
				AuditTrailIT.this.sealer.sealBatch();
			})) {
				long before = writer.rounds();
				for (int verified = 0; verified < 40 || writer.rounds() < before + 3; verified++) {
					assertThat(AuditTrailIT.this.verifier.verify().status()).isEqualTo("intact");
					writer.requireHealthy();
					assertThat(verified).as("the writer went on while verify ran").isLessThan(10_000);
				}
			}
		}

		@Test
		void aChangedEntryIsNamed() throws SQLException {
			insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "accepted", "payments-before");
			Seeded target = insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "denied", "payments-target");
			insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "accepted", "payments-after");
			awaitSealed();
			asSuperuser("update audit_entry set outcome = 'accepted' where audit_id = '" + target.auditId() + "'");
			try {
				JsonNode report = verify();
				assertThat(report.get("status").stringValue()).isEqualTo("broken");
				assertThat(report.get("first_broken_audit_id").stringValue()).isEqualTo(target.auditId());
			}
			finally {
				asSuperuser("update audit_entry set outcome = 'denied' where audit_id = '" + target.auditId() + "'");
			}
			assertThat(verify().get("status").stringValue()).isEqualTo("intact");
		}

		@Test
		void aDeletedEntryIsNoticed() throws SQLException {
			insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "accepted", "payments-one");
			Seeded victim = insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "denied", "payments-two");
			Seeded next = insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "accepted", "payments-three");
			awaitSealed();
			String kept = "kept_" + victim.auditId().replace("-", "");
			asSuperuser("create table " + kept + " as select * from audit_entry where audit_id = '" + victim.auditId()
					+ "'; delete from audit_entry where audit_id = '" + victim.auditId() + "'");
			try {
				JsonNode report = verify();
				assertThat(report.get("status").stringValue()).isEqualTo("broken");
				assertThat(report.get("first_broken_audit_id").stringValue()).isEqualTo(next.auditId());
			}
			finally {
				// put the row back as it was, so the trail is whole again for other tests
				asSuperuser("insert into audit_entry select * from " + kept + "; drop table " + kept);
			}
			assertThat(verify().get("status").stringValue()).isEqualTo("intact");
		}

		@Test
		void anAuditorCanVerifyAFullNdjsonExportOffline() throws Exception {
			insert(AuditTrailIT.this.team, AuditTrailIT.this.base, "accepted", "payments-offline, ünïcode \"q\"");
			awaitSealed();
			java.nio.file.Path export = java.nio.file.Files.createTempFile("audit", ".ndjson");
			try {
				java.nio.file.Files.writeString(export, get("/v1/audit/export?format=ndjson", auditor()).body());
				Process verifier = new ProcessBuilder("python3", "docs/verify_audit_export.py", export.toString())
					.redirectErrorStream(true)
					.start();
				String printed = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(verifier.waitFor()).as(printed).isZero();
				assertThat(printed).startsWith("intact");

				String tampered = java.nio.file.Files.readString(export)
					.replaceFirst("payments-offline", "payments-0ffline");
				java.nio.file.Files.writeString(export, tampered);
				Process again = new ProcessBuilder("python3", "docs/verify_audit_export.py", export.toString())
					.redirectErrorStream(true)
					.start();
				String broken = new String(again.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
				assertThat(again.waitFor()).as(broken).isEqualTo(1);
				assertThat(broken).startsWith("broken at");
			}
			finally {
				java.nio.file.Files.deleteIfExists(export);
			}
		}

		private void asSuperuser(String sql) throws SQLException {
			try (Connection connection = TestPostgres.adminConnection();
					Statement statement = connection.createStatement()) {
				statement.execute("set session_replication_role = replica");
				statement.execute(sql);
				if (sql.contains("temporary table kept")) {
					// put the row back as it was, so the trail is whole again for other
					// tests
					statement.execute("insert into audit_entry select * from kept");
				}
			}
		}

	}

	JsonNode verify() {
		return json(get("/v1/audit/verify", auditor()));
	}

	JsonNode awaitSealed() {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		JsonNode report;
		do {
			this.sealer.sealBatch();
			report = verify();
		}
		while (report.get("unsealed").longValue() > 0 && System.nanoTime() < deadline);
		return report;
	}

	List<String> ids(String query, String token) {
		HttpResponse<String> response = get("/v1/audit" + query, token);
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		json(response).get("entries").forEach((entry) -> ids.add(entry.get("audit_id").stringValue()));
		return ids;
	}

	HttpResponse<String> get(String path, String token) {
		return this.http.send(this.http.request(path).header("Authorization", "Bearer " + token).GET().build());
	}

	static String auditor() {
		return TestJwts.token((claims) -> claims.subject("carol").claim("scope", "audit:read"));
	}

	static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	Seeded insert(String team, OffsetDateTime at, String outcome, String backupName) {
		UUID id = UUID.randomUUID();
		boolean accepted = "accepted".equals(outcome);
		SeededEntry.of("backup.create", outcome)
			.id(id)
			.at(at)
			.actorName("alice.smith")
			.team(team)
			.instance("i" + team)
			.project("054e292c9880d4992f02c0196d3ea468")
			.backupName(backupName)
			.description("seeded, with \"quotes\"")
			.answered("pending".equals(outcome) ? null : 202, null)
			.job(accepted ? "job-" + id : null, accepted ? "Running" : null)
			.clientIp("127.0.0.1")
			.insert(this.beans);
		return seeded(id, at);
	}

	private Seeded seeded(UUID id, OffsetDateTime at) {
		long seq = this.jdbc.sql("select seq from audit_entry where audit_id = ?").param(id).query(Long.class).single();
		return new Seeded(id.toString(), at, seq);
	}

	void insertJobEnd(Seeded request, String outcome, String jobStatus) {
		SeededEntry.of("backup.job", outcome)
			.at(request.occurredAt().plusMinutes(1))
			.team(this.team)
			.instance("i" + this.team)
			.job("job-" + request.auditId(), jobStatus)
			.requestId("seed-" + request.auditId())
			.insert(this.beans);
	}

	record Seeded(String auditId, OffsetDateTime occurredAt, long seq) {
	}

}
