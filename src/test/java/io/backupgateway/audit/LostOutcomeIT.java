package io.backupgateway.audit;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import io.backupgateway.testsupport.TestPostgres;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No lost outcome (docs/design.md section 6): the database ends the gateway's session
 * while it writes the outcome of a backup the cloud accepted (an operator's
 * pg_terminate_backend, a failover). The write is tried again on a new connection, within
 * the write timeout, and the entry carries the caller's answer and the job, instead of
 * staying pending without them.
 */
@GatewayIntegrationTest
class LostOutcomeIT {

	final GatewayHttp http;

	final WireMockServer cloud;

	@Autowired
	JdbcClient jdbc;

	LostOutcomeIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	@Test
	void anOutcomeWhoseSessionWasEndedIsWrittenOnTheNextTry() throws Exception {
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.uniqueBackups().withFixedDelay(300)));
		String name = "payments-ended-" + UUID.randomUUID().toString().substring(0, 8);
		try (Connection holder = TestPostgres.adminConnection(); Connection watcher = TestPostgres.adminConnection()) {
			CompletableFuture<HttpResponse<String>> answer = CompletableFuture
				.supplyAsync(() -> this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE),
						TestJwts.member("payments"), body(name, "d")));
			Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> single(watcher, "select count(*) from audit_entry where backup_name = '" + name
						+ "' and outcome = 'pending'") > 0);
			// the entry held, so that the outcome's write waits where the test can find
			// it
			holder.setAutoCommit(false);
			try (Statement lock = holder.createStatement()) {
				lock.execute("select 1 from audit_entry where backup_name = '" + name + "' for update");
			}
			long waiting = Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> single(watcher,
						"select coalesce(max(pid), 0) from pg_locks where not granted and locktype = 'transactionid'"),
						(pid) -> pid > 0);
			single(watcher, "select count(*) from (select pg_terminate_backend(" + waiting + ")) t");
			holder.rollback();

			HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);

			assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
			String auditId = json(response).get("audit_id").stringValue();
			Map<String, Object> entry = this.jdbc
				.sql("select outcome, http_status, job_id from audit_entry where audit_id = ?")
				.param(UUID.fromString(auditId))
				.query()
				.singleRow();
			assertThat(entry).containsEntry("outcome", "accepted")
				.containsEntry("http_status", 202)
				.containsEntry("job_id", json(response).get("job_id").stringValue());
		}
	}

	private static long single(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
