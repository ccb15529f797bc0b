package io.backupgateway.audit.review;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A review that outlasts {@code gateway.audit.query-timeout} on H2, the sandbox's store,
 * is answered {@code 503 audit-unavailable}, never 500 (docs/design.md 3.4): H2's
 * cancelled statement is translated like PostgreSQL's (HostileCallersIT covers
 * PostgreSQL).
 */
@ApplicationModuleTest(module = "audit")
@ActiveProfiles("module")
class QueryTimeoutTests {

	final JdbcClient jdbc;

	QueryTimeoutTests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Test
	void aQueryCancelledByItsTimeoutIsAuditUnavailable() {
		assertThatThrownBy(() -> AuditQueries.answered(() -> this.jdbc
			// ten billion rows to look at: far longer than the one second it is given
			.sql("select count(*) from system_range(1, 100000) a, system_range(1, 100000) b where a.x + b.x = 3")
			.withQueryTimeout(1)
			.query(Long.class)
			.single()))
			.isInstanceOfSatisfying(GatewayFailure.class, (ex) -> org.assertj.core.api.Assertions.assertThat(ex.code())
				.isEqualTo(ProblemCode.AUDIT_UNAVAILABLE));
	}

}
