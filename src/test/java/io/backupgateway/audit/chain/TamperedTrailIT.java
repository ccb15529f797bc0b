package io.backupgateway.audit.chain;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.backupgateway.BackupGatewayApplication;
import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.UnvouchedEntries;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayTestEnvironment;
import io.backupgateway.testsupport.TestJwts;
import io.backupgateway.testsupport.TestPostgres;
import io.backupgateway.testsupport.TwoRoleDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What someone who holds only the database can do to the trail, and what the gateway then
 * vouches for (docs/design.md section 6, "Entries the gateway vouches for"), on a
 * database of its own with the two roles: the gateway runs as the runtime role, Flyway
 * migrated as the owner.
 * <ol>
 * <li>The runtime role moves the chain's head to a hash of its own: no digest is signed
 * over it (503, an ERROR line, the refusal counted), and {@code verify} says the head was
 * altered.</li>
 * <li>The runtime role cannot write an entry into the past or the future.</li>
 * <li>The runtime role writes entries of its own, one with a MAC copied from a genuine
 * entry: the sealer never chains them, the job follower does not follow them,
 * {@code verify} names the first "not written by the gateway", and the offline verifier,
 * with a digest signed after them, lists them as vouched for by nothing.</li>
 * <li>The owner re-signs the digests with a key of its own, kept in
 * {@code audit_signing_key}: {@code verify} calls that key untrusted, because the keys
 * come from configuration.</li>
 * <li>The owner rewrites an entry after the last digest and recomputes the whole chain:
 * its MAC gives it away, in {@code verify} and in the signer's recheck.</li>
 * </ol>
 */
@EnabledIf("io.backupgateway.testsupport.TestPostgres#available")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TamperedTrailIT {

	static final String OWNER = TwoRoleDatabase.OWNER;

	static final String RUNTIME = TwoRoleDatabase.RUNTIME;

	static final String PASSWORD = TwoRoleDatabase.PASSWORD;

	static TwoRoleDatabase database;

	static String url;

	static ConfigurableApplicationContext gateway;

	static GatewayHttp http;

	@BeforeAll
	static void aDatabaseWithTwoRoles() throws SQLException {
		database = TwoRoleDatabase.start("tamper");
		url = database.url();
		gateway = database.gateway();
		http = database.http();
		CloudStub.reset();
	}

	@AfterAll
	static void stop() {
		if (database != null) {
			database.close();
		}
	}

	@Test
	@Order(1)
	void aForgedHeadIsNeverSigned() throws SQLException {
		createAndSeal(3);
		assertThat(signDigest().statusCode()).isEqualTo(201);
		createAndSeal(2);
		long before = digests();
		String trueHash = head();
		try (Connection runtime = connect(RUNTIME); Statement statement = runtime.createStatement()) {
			statement.executeUpdate("update audit_chain_state set last_chain_hash = '" + "ab".repeat(32) + "'");
		}

		HttpResponse<String> refused = signDigest();

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
		assertThat(json(refused).get("code").stringValue()).isEqualTo("audit-unavailable");
		assertThat(json(refused).get("detail").stringValue()).contains("does not verify");
		assertThat(digests()).as("nothing signed").isEqualTo(before);
		assertThat(gateway.getBean(MeterRegistry.class).counter(DigestSigner.REFUSED_METER).count()).isEqualTo(1);
		JsonReport verify = verify();
		assertThat(verify.status()).isEqualTo("broken");
		assertThat(verify.reason()).contains("head was altered");

		try (Connection runtime = connect(RUNTIME); Statement statement = runtime.createStatement()) {
			statement.executeUpdate("update audit_chain_state set last_chain_hash = '" + trueHash + "'");
		}
		assertThat(verify().status()).as("the head put back, the trail holds again").isEqualTo("intact");
	}

	@Test
	@Order(2)
	void theRuntimeRoleCannotWriteIntoThePastOrTheFuture() throws SQLException {
		try (Connection runtime = connect(RUNTIME); Statement statement = runtime.createStatement()) {
			for (String when : List.of("now() - interval '10 days'", "now() + interval '2 minutes'")) {
				assertThatThrownBy(() -> statement.execute("""
						insert into audit_entry (audit_id, occurred_at, action, actor, team, outcome, request_id)
						values ('%s', %s, 'backup.delete', 'alice', 'payments', 'accepted', 'backdated')
						""".formatted(UUID.randomUUID(), when))).as(when)
					.isInstanceOf(SQLException.class)
					.hasMessageContaining("more than a minute away");
			}
		}
	}

	@Test
	@Order(3)
	void anEntryTheGatewayDidNotWriteIsNeverChainedNorFollowed(@TempDir Path dir) throws Exception {
		createAndSeal(1);
		String jobId = "job-forged-" + UUID.randomUUID();
		CloudStub.server()
			.stubFor(get(urlPathMatching("/v3/[0-9a-f]{32}/jobs")).withQueryParam("id", equalTo(jobId))
				.atPriority(1)
				.willReturn(okJson("""
						{"total_count": 1, "jobs": [{"id": "%s", "name": "BackupInstance", "status": "Completed",
						  "start_time": "2026-11-27T06:44:01+0000", "end_time": "", "progress": "",
						  "instance": {"id": "%s", "name": "payments-db"}, "fail_reason": null}]}
						""".formatted(jobId, CloudStub.PAYMENTS_INSTANCE))));
		UUID forged = UUID.randomUUID();
		UUID copied = UUID.randomUUID();
		try (Connection runtime = connect(RUNTIME); Statement statement = runtime.createStatement()) {
			// alice "deleted a backup" half a minute ago: a time the database accepts
			statement.execute("""
					insert into audit_entry (audit_id, occurred_at, action, actor, team, instance_id, project_id,
					    backup_id, outcome, http_status, job_id, job_status, request_id)
					values ('%s', now() - interval '30 seconds', 'backup.delete', 'alice', 'payments', '%s', '%s',
					    'b-forged', 'accepted', 202, '%s', 'Running', 'forged')
					""".formatted(forged, CloudStub.PAYMENTS_INSTANCE, CloudStub.PROJECT_ID, jobId));
			// a genuine entry's MAC, copied: it names another entry
			statement.execute(
					"""
							insert into audit_entry (audit_id, occurred_at, action, actor, team, outcome, http_status, request_id,
							    entry_mac, mac_key_id)
							select '%s', now(), 'backup.create', 'alice', 'payments', 'denied', 403, 'copied', entry_mac, mac_key_id
							from audit_entry where entry_mac is not null order by seq desc fetch first 1 rows only
							"""
						.formatted(copied));
		}
		ChainSealer sealer = gateway.getBean(ChainSealer.class);
		while (sealer.sealBatch() > 0) {
			// every finished entry sealed or refused
		}
		ReflectionTestUtils.invokeMethod(gateway.getBean(Class.forName("io.backupgateway.jobs.JobFollower")),
				"followOnce");

		JdbcClient jdbc = gateway.getBean(JdbcClient.class);
		for (UUID id : List.of(forged, copied)) {
			assertThat(
					jdbc.sql("select count(*) from audit_entry where audit_id = ? and chain_seq is null and unvouched")
						.param(id)
						.query(Long.class)
						.single())
				.as("never chained, flagged")
				.isEqualTo(1);
		}
		assertThat(jdbc.sql("select count(*) from audit_entry where job_id = ? and action = 'backup.job'")
			.param(jobId)
			.query(Long.class)
			.single()).as("its job is not followed").isZero();
		assertThat(gateway.getBean(MeterRegistry.class).counter(UnvouchedEntries.METER).count())
			.as("each counted once, however often it is looked at")
			.isEqualTo(2);
		JsonReport verify = verify();
		assertThat(verify.status()).isEqualTo("broken");
		assertThat(verify.firstBrokenAuditId()).isEqualTo(forged.toString());
		assertThat(verify.reason()).startsWith("not written by the gateway");

		// offline, with a digest signed after it and the public key: the chain holds, the
		// forged entry is not part of what the digest vouches for
		HttpResponse<String> digest = signDigest();
		assertThat(digest.statusCode()).as(digest.body()).isEqualTo(201);
		Path digestFile = Files.writeString(dir.resolve("digest.json"), digest.body());
		Path keyFile = Files.writeString(dir.resolve("key.pem"), http
			.send(http.request("/v1/audit/digest-key").header("Authorization", "Bearer " + auditor()).GET().build())
			.body());
		Path export = Files.writeString(dir.resolve("audit.ndjson"),
				http.send(http.request("/v1/audit/export?format=ndjson")
					.header("Authorization", "Bearer " + auditor())
					.GET()
					.build()).body());
		Process verifier = new ProcessBuilder("python3", "docs/verify_audit_export.py", export.toString(), "--digest",
				digestFile.toString(), "--public-key", keyFile.toString())
			.redirectErrorStream(true)
			.start();
		String printed = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(verifier.waitFor()).as(printed).isZero();
		assertThat(printed).startsWith("intact")
			.contains("matches digest", "not vouched for", forged.toString(), copied.toString());

		removeAsOwner("delete from audit_entry where audit_id in ('" + forged + "', '" + copied + "')");
		assertThat(verify().status()).isEqualTo("intact");
	}

	@Test
	@Order(4)
	void digestsReSignedWithAKeyOfTheOwnersAreUntrusted() throws SQLException {
		DigestKey owners = DigestKey.throwAway();
		String last;
		long lastSeq;
		try (Connection owner = connect(OWNER);
				Statement statement = owner.createStatement();
				var rows = statement.executeQuery("select last_chain_seq, last_chain_hash from audit_chain_state")) {
			rows.next();
			lastSeq = rows.getLong(1);
			last = rows.getString(2).trim();
		}
		String digestId = UUID.randomUUID().toString();
		String signedAt = AuditEntry.format(OffsetDateTime.now(ZoneOffset.UTC));
		String signature = owners.sign(AuditDigest.signedText(digestId, lastSeq, last, null, signedAt));
		try (Connection owner = connect(OWNER); Statement statement = owner.createStatement()) {
			statement.execute("alter table audit_digest disable trigger user");
			statement.execute("delete from audit_digest");
			statement.execute("insert into audit_signing_key (key_id, public_key, first_used) values ('"
					+ owners.keyId() + "', '" + owners.publicKeyPem() + "', now())");
			statement.execute("insert into audit_digest (digest_id, chain_seq, chain_hash, previous_digest_id,"
					+ " signed_at, key_id, signature) values ('" + digestId + "', " + lastSeq + ", '" + last
					+ "', null, '" + signedAt + "', '" + owners.keyId() + "', '" + signature + "')");
			statement.execute("alter table audit_digest enable trigger user");
		}

		JsonReport verify = verify();

		assertThat(verify.status()).as("the chain itself is consistent, its digest is not trusted").isEqualTo("broken");
		assertThat(verify.reason()).contains("untrusted key", owners.keyId());
		assertThat(signDigest().statusCode()).as("nor is a digest signed after it").isEqualTo(503);

		try (Connection owner = connect(OWNER); Statement statement = owner.createStatement()) {
			statement.execute("alter table audit_digest disable trigger user");
			statement.execute("delete from audit_digest");
			statement.execute("alter table audit_digest enable trigger user");
		}
		assertThat(signDigest().statusCode()).as("the gateway signs from the chain's start again").isEqualTo(201);
	}

	@Test
	@Order(5)
	void anEntryTheOwnerRewroteAfterTheLastDigestIsNamedEvenWithTheChainRecomputed() throws SQLException {
		createAndSeal(2);
		JdbcClient jdbc = gateway.getBean(JdbcClient.class);
		try (Connection owner = connect(OWNER); Statement statement = owner.createStatement()) {
			statement.execute("alter table audit_entry disable trigger user");
			statement.execute("update audit_entry set description = 'rewritten by the owner'"
					+ " where chain_seq = (select max(chain_seq) from audit_entry)");
			// the whole chain recomputed from the rewritten entries, with the gateway's
			// own arithmetic
			List<AuditEntry> sealed = jdbc
				.sql("select " + AuditColumns.AS_STORED + " from audit_entry e where e.chain_seq is not null"
						+ " order by e.chain_seq")
				.query(AuditColumns.MAPPER)
				.list();
			String previous = HashChain.GENESIS;
			for (AuditEntry entry : sealed) {
				String entryHash = HashChain.entryHash(entry);
				previous = HashChain.link(previous, entryHash);
				statement.execute("update audit_entry set entry_hash = '" + entryHash + "', chain_hash = '" + previous
						+ "' where audit_id = '" + entry.auditId() + "'");
			}
			AuditEntry rewritten = sealed.get(sealed.size() - 1);
			assertThat(rewritten.description()).isEqualTo("rewritten by the owner");
			statement.execute("update audit_chain_state set last_chain_seq = " + rewritten.chainSeq()
					+ ", last_chain_hash = '" + previous + "'");
			statement.execute("alter table audit_entry enable trigger user");

			JsonReport verify = verify();

			assertThat(verify.status()).isEqualTo("broken");
			assertThat(verify.firstBrokenAuditId()).isEqualTo(rewritten.auditId());
			assertThat(verify.reason()).startsWith("not written by the gateway");
		}
		HttpResponse<String> refused = signDigest();
		assertThat(refused.statusCode()).as("the signer's recheck finds it too").isEqualTo(503);
		assertThat(json(refused).get("detail").stringValue()).contains("does not verify");
	}

	private static String head() {
		return gateway.getBean(JdbcClient.class)
			.sql("select last_chain_hash from audit_chain_state")
			.query(String.class)
			.single()
			.trim();
	}

	private static void removeAsOwner(String delete) throws SQLException {
		try (Connection owner = connect(OWNER); Statement statement = owner.createStatement()) {
			statement.execute("alter table audit_entry disable trigger user");
			statement.execute(delete);
			statement.execute("alter table audit_entry enable trigger user");
		}
	}

	private static void createAndSeal(int count) {
		for (int i = 0; i < count; i++) {
			assertThat(http
				.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), TestJwts.member("payments"),
						body("payments-tamper", "d"))
				.statusCode()).isEqualTo(202);
		}
		ChainSealer sealer = gateway.getBean(ChainSealer.class);
		while (sealer.sealBatch() > 0) {
			// every finished entry sealed
		}
	}

	private static HttpResponse<String> signDigest() {
		return http.send(http.request("/v1/audit/digests")
			.header("Authorization", "Bearer " + auditor())
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
	}

	private static JsonReport verify() {
		HttpResponse<String> answer = http
			.send(http.request("/v1/audit/verify").header("Authorization", "Bearer " + auditor()).GET().build());
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		var report = json(answer);
		return new JsonReport(report.get("status").stringValue(),
				report.get("reason").isNull() ? "" : report.get("reason").stringValue(),
				report.get("first_broken_audit_id").isNull() ? null
						: report.get("first_broken_audit_id").stringValue());
	}

	private static long digests() {
		return gateway.getBean(JdbcClient.class).sql("select count(*) from audit_digest").query(Long.class).single();
	}

	private static String auditor() {
		return TestJwts.token((claims) -> claims.subject("carol").claim("scope", "audit:read"));
	}

	private static Connection connect(String role) throws SQLException {
		return DriverManager.getConnection(url, role, PASSWORD);
	}

	record JsonReport(String status, String reason, @Nullable String firstBrokenAuditId) {
	}

}
