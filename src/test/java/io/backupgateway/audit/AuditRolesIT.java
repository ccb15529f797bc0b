package io.backupgateway.audit;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.backupgateway.BackupGatewayApplication;
import io.backupgateway.audit.chain.ChainSealer;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.GatewayTestEnvironment;
import io.backupgateway.testsupport.TestJwts;
import io.backupgateway.testsupport.TestPostgres;
import io.backupgateway.testsupport.TwoRoleDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two database roles (docs/design.md section 6, docs/audit.md "Database roles"): on a
 * database of its own, Flyway migrates as the owner and a gateway runs as the runtime
 * role the migrations granted. The gateway does all its work; the runtime role cannot
 * delete, truncate, rewrite, unprotect or drop the trail, and the owner cannot truncate
 * it either.
 */
@GatewayIntegrationTest
class AuditRolesIT {

	static final String OWNER = TwoRoleDatabase.OWNER;

	static final String RUNTIME = TwoRoleDatabase.RUNTIME;

	static final String PASSWORD = TwoRoleDatabase.PASSWORD;

	static TwoRoleDatabase database;

	static String url;

	static ConfigurableApplicationContext gateway;

	@BeforeAll
	static void aDatabaseWithTwoRoles() throws SQLException {
		database = TwoRoleDatabase.start("roles");
		url = database.url();
		gateway = database.gateway();
	}

	@AfterAll
	static void stop() {
		if (database != null) {
			database.close();
		}
	}

	@Test
	void theGatewayDoesAllItsWorkAsTheRuntimeRole() {
		JdbcClient jdbc = gateway.getBean(JdbcClient.class);
		assertThat(jdbc.sql("select current_user").query(String.class).single()).isEqualTo(RUNTIME);
		GatewayHttp http = new GatewayHttp(Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port")));
		String member = TestJwts.member("payments");

		assertThat(http
			.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), member, body("payments-roles", "d"),
					"Idempotency-Key", "roles-" + UUID.randomUUID())
			.statusCode()).isEqualTo(202);
		assertThat(http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), member, body("bad name", "d"))
			.statusCode()).isEqualTo(400);
		ChainSealer sealer = gateway.getBean(ChainSealer.class);
		while (sealer.sealBatch() > 0) {
			// every finished entry sealed, as the runtime role
		}
		String auditor = TestJwts.token((claims) -> claims.subject("carol").claim("scope", "audit:read"));
		HttpResponse<String> digest = http.send(http.request("/v1/audit/digests")
			.header("Authorization", "Bearer " + auditor)
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(digest.statusCode()).as(digest.body()).isEqualTo(201);
		HttpResponse<String> verify = http
			.send(http.request("/v1/audit/verify").header("Authorization", "Bearer " + auditor).GET().build());
		assertThat(json(verify).get("status").stringValue()).as(verify.body()).isEqualTo("intact");
		assertThat(json(verify).get("entries_checked").longValue()).isGreaterThanOrEqualTo(2);
	}

	@ParameterizedTest
	@ValueSource(strings = { "delete from audit_entry", "truncate audit_entry",
			"update audit_entry set outcome = 'failed' where outcome <> 'pending'",
			"update audit_entry set description = 'rewritten'", "update audit_entry set grant_source = 'tag'",
			"alter table audit_entry disable trigger audit_entry_append_only", "drop table audit_entry",
			"delete from audit_digest", "update audit_digest set chain_seq = 0", "truncate audit_digest",
			"delete from audit_signing_key", "drop table audit_chain_state",
			"insert into audit_entry (seq, audit_id, occurred_at, action, outcome, request_id)"
					+ " values (1, gen_random_uuid(), now(), 'backup.create', 'denied', 'an old position')",
			"insert into audit_entry (audit_id, occurred_at, action, outcome, request_id, chain_seq, entry_hash, chain_hash)"
					+ " values (gen_random_uuid(), now(), 'backup.create', 'denied', 'pre-sealed', 999999, repeat('a', 64),"
					+ " repeat('b', 64))",
			"update audit_chain_state set mac_from_seq = 999999999" })
	void theRuntimeRoleCannot(String statement) throws SQLException {
		try (Connection runtime = DriverManager.getConnection(url, RUNTIME, PASSWORD)) {
			finishedEntry();
			long before = count(runtime);
			assertThatThrownBy(() -> execute(runtime, statement)).isInstanceOf(SQLException.class)
				.satisfies(
						(ex) -> assertThat(((SQLException) ex).getSQLState()).as(ex.getMessage()).isEqualTo("42501"));
			assertThat(count(runtime)).isEqualTo(before);
		}
	}

	@Test
	void theOwnerCannotTruncateTheTrailEither() throws SQLException {
		try (Connection owner = DriverManager.getConnection(url, OWNER, PASSWORD)) {
			finishedEntry();
			assertThatThrownBy(() -> execute(owner, "truncate audit_entry")).isInstanceOf(SQLException.class)
				.hasMessageContaining("append-only: TRUNCATE refused");
			assertThatThrownBy(() -> execute(owner, "truncate audit_digest")).isInstanceOf(SQLException.class)
				.hasMessageContaining("append-only: TRUNCATE refused");
			assertThat(count(owner)).isPositive();
		}
	}

	/** An entry the gateway vouches for, written as the runtime role. */
	private static void finishedEntry() {
		SeededEntry.of("backup.create", "denied")
			.actor("mallory")
			.team("payments")
			.answered(403, "forbidden")
			.requestId("roles-it")
			.insert(gateway);
	}

	private static long count(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement();
				var rows = statement.executeQuery("select count(*) from audit_entry")) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
