package io.backupgateway.audit;

import java.util.Set;

import io.backupgateway.access.Caller;
import io.backupgateway.audit.chain.ChainReport;
import io.backupgateway.audit.chain.ChainSealer;
import io.backupgateway.audit.chain.ChainVerifier;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.testsupport.TestFailure;
import io.backupgateway.testsupport.WriterAlongside;
import io.backupgateway.web.RequestMeta;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit module on its own, on an H2 store of its own: what the writing side records,
 * the chain seals and verifies, without any other module's beans.
 */
@ApplicationModuleTest
@ActiveProfiles("module")
class AuditModuleTests {

	final AuditLog audit;

	final ChainSealer sealer;

	final ChainVerifier verifier;

	final JdbcClient jdbc;

	AuditModuleTests(AuditLog audit, ChainSealer sealer, ChainVerifier verifier, JdbcClient jdbc) {
		this.audit = audit;
		this.sealer = sealer;
		this.verifier = verifier;
		this.jdbc = jdbc;
	}

	@Test
	void aRecordedRefusalIsSealedIntoAnIntactChain() {
		Caller caller = new Caller("alice", "alice", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));
		AuditDraft draft = AuditDraft
			.of(caller, new RequestMeta("module-req-1", "127.0.0.1", "test", System.nanoTime()))
			.target("payments", "a4d8ea2584e047439a667703c0684119in06")
			.body("payments-x1", "d");
		this.audit.recordRefusal(draft, new TestFailure(ProblemCode.NAMING_POLICY, "no"));

		assertThat(this.jdbc.sql("select outcome from audit_entry where request_id = 'module-req-1'")
			.query(String.class)
			.single()).isEqualTo("rejected");
		while (this.sealer.sealBatch() > 0) {
			// seal everything recorded so far
		}
		ChainReport report = this.verifier.verify();
		assertThat(report.status()).isEqualTo("intact");
		assertThat(report.entriesChecked()).isPositive();
		assertThat(report.unsealed()).isZero();
	}

	@Test
	void verifyingWhileEntriesAreSealedNeverSeesABrokenChain() throws Exception {
		java.util.concurrent.atomic.AtomicInteger i = new java.util.concurrent.atomic.AtomicInteger();
		try (WriterAlongside writer = WriterAlongside.start(() -> {
			Caller caller = new Caller("alice", "alice", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));
			this.audit.recordRefusal(
					AuditDraft.of(caller, new RequestMeta("race-" + i.incrementAndGet(), null, null, 0))
						.target("payments", "a4d8ea2584e047439a667703c0684119in06"),
					new TestFailure(ProblemCode.NAMING_POLICY, "no"));
			this.sealer.sealBatch();
		})) {
			long before = writer.rounds();
			for (int verified = 0; verified < 40 || writer.rounds() < before + 3; verified++) {
				assertThat(this.verifier.verify().status()).isEqualTo("intact");
				writer.requireHealthy();
				assertThat(verified).as("the writer went on while verify ran").isLessThan(10_000);
			}
		}
		assertThat(this.verifier.verify().status()).isEqualTo("intact");
	}

}
