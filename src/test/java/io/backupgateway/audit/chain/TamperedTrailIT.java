package io.backupgateway.audit.chain;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

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
 * <li>The owner rewrites an entry, recomputes the whole chain and re-signs the digests
 * with a key of its own, kept in {@code audit_signing_key}: {@code verify} calls that key
 * untrusted, because the keys come from configuration.</li>
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
			statement.execute(
					"""
							insert into audit_entry (audit_id, occurred_at, action, actor, team, outcome, http_status, request_id)
							values ('%s', now(), 'backup.create', 'mallory', 'payments', 'denied', 403, 'now')
							"""
						.formatted(UUID.randomUUID()));
		}
	}

	@Test
	@Order(3)
	void aChainRewrittenAndReSignedWithAKeyOfTheOwnersIsUntrusted() throws SQLException {
		JdbcClient jdbc = gateway.getBean(JdbcClient.class);
		DigestKey owners = DigestKey.throwAway();
		try (Connection owner = connect(OWNER); Statement statement = owner.createStatement()) {
			statement.execute("alter table audit_entry disable trigger user");
			statement.execute("alter table audit_digest disable trigger user");
			statement.execute("update audit_entry set description = 'rewritten by the owner'"
					+ " where chain_seq = (select min(chain_seq) from audit_entry)");
			// the whole chain recomputed from the rewritten entries, with the gateway's
			// own
			// arithmetic
			List<AuditEntry> sealed = jdbc
				.sql("select " + AuditColumns.AS_STORED + " from audit_entry e where e.chain_seq is not null"
						+ " order by e.chain_seq")
				.query(AuditColumns.MAPPER)
				.list();
			assertThat(sealed.get(0).description()).isEqualTo("rewritten by the owner");
			String previous = HashChain.GENESIS;
			for (AuditEntry entry : sealed) {
				String entryHash = HashChain.entryHash(entry);
				previous = HashChain.link(previous, entryHash);
				statement.execute("update audit_entry set entry_hash = '" + entryHash + "', chain_hash = '" + previous
						+ "' where audit_id = '" + entry.auditId() + "'");
			}
			long last = sealed.get(sealed.size() - 1).chainSeq();
			statement.execute(
					"update audit_chain_state set last_chain_seq = " + last + ", last_chain_hash = '" + previous + "'");
			statement.execute("delete from audit_digest");
			String digestId = UUID.randomUUID().toString();
			String signedAt = AuditEntry.format(OffsetDateTime.now(ZoneOffset.UTC));
			String signature = owners.sign(AuditDigest.signedText(digestId, last, previous, null, signedAt));
			statement.execute("insert into audit_signing_key (key_id, public_key, first_used) values ('"
					+ owners.keyId() + "', '" + owners.publicKeyPem() + "', now())");
			statement.execute("insert into audit_digest (digest_id, chain_seq, chain_hash, previous_digest_id,"
					+ " signed_at, key_id, signature) values ('" + digestId + "', " + last + ", '" + previous
					+ "', null, '" + signedAt + "', '" + owners.keyId() + "', '" + signature + "')");
			statement.execute("alter table audit_entry enable trigger user");
			statement.execute("alter table audit_digest enable trigger user");
		}

		JsonReport verify = verify();

		assertThat(verify.status()).as("the chain itself is consistent, its digest is not trusted").isEqualTo("broken");
		assertThat(verify.reason()).contains("untrusted key", owners.keyId());
		assertThat(signDigest().statusCode()).as("nor is a digest signed after it").isEqualTo(503);
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
				report.get("reason").isNull() ? "" : report.get("reason").stringValue());
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

	record JsonReport(String status, String reason) {
	}

}
