package io.backupgateway.audit;

import java.util.List;
import java.util.Set;

import io.backupgateway.access.Caller;
import io.backupgateway.audit.chain.AuditDigest;
import io.backupgateway.audit.chain.ChainReport;
import io.backupgateway.audit.chain.ChainSealer;
import io.backupgateway.audit.chain.ChainVerifier;
import io.backupgateway.audit.chain.DigestKey;
import io.backupgateway.audit.chain.DigestSigner;
import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.EntryKeys;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.testsupport.TestFailure;
import io.backupgateway.web.RequestMeta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed digests on an H2 store of their own, emptied before each test (they rewrite
 * history; H2 has no append-only trigger): what a digest signs, and what {@code verify}
 * finds when someone who controls the database rewrites or cuts the chain without the
 * key.
 */
@ApplicationModuleTest
@ActiveProfiles("module")
// a context, and so an H2 store, apart from the other module tests' (they expect an
// intact chain)
@TestPropertySource(properties = "gateway.audit.digest-interval=2h")
class DigestModuleTests {

	final AuditLog audit;

	final ChainSealer sealer;

	final ChainVerifier verifier;

	final DigestSigner signer;

	final JdbcClient jdbc;

	final EntryKeys keys;

	DigestModuleTests(AuditLog audit, ChainSealer sealer, ChainVerifier verifier, DigestSigner signer, JdbcClient jdbc,
			EntryKeys keys) {
		this.keys = keys;
		this.audit = audit;
		this.sealer = sealer;
		this.verifier = verifier;
		this.signer = signer;
		this.jdbc = jdbc;
	}

	@BeforeEach
	void threeRefusals() {
		this.jdbc.sql("delete from audit_digest").update();
		this.jdbc.sql("delete from audit_signing_key").update();
		this.jdbc.sql("delete from audit_entry").update();
		this.jdbc.sql("update audit_chain_state set last_chain_seq = 0, last_chain_hash = :genesis")
			.param("genesis", "0".repeat(64))
			.update();
		for (int i = 1; i <= 3; i++) {
			Caller caller = new Caller("alice", "alice", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));
			this.audit.recordRefusal(
					AuditDraft.of(caller, new RequestMeta("digest-req-" + i, "127.0.0.1", "test", System.nanoTime()))
						.target("payments", "a4d8ea2584e047439a667703c0684119in06")
						.body("payments-d" + i, "d"),
					new TestFailure(ProblemCode.NAMING_POLICY, "no"));
		}
	}

	@Test
	void aDigestSignsTheSealedHeadAndNamesTheOneBefore() {
		AuditDigest first = this.signer.signNow();
		AuditDigest second = this.signer.signNow();

		assertThat(first.chainSeq()).as("finished entries are sealed before signing").isEqualTo(3);
		assertThat(first.chainHash()).isEqualTo(
				this.jdbc.sql("select chain_hash from audit_entry where chain_seq = 3").query(String.class).single());
		assertThat(first.previousDigestId()).isNull();
		assertThat(second.previousDigestId()).isEqualTo(first.digestId());
		assertThat(first.keyId()).isEqualTo(this.signer.key().keyId());
		assertThat(DigestKey.verify(this.signer.key().publicKeyPem(), first.signedText(), first.signature())).isTrue();
		assertThat(first.signedText()).isEqualTo("backup-gateway-digest/v1\n" + first.digestId() + "\n3\n"
				+ first.chainHash() + "\n\n" + first.signedAt());
		assertThat(first.signedAt()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z");
		assertThat(this.signer.newest(10)).containsExactly(second, first);

		ChainReport report = this.verifier.verify();
		assertThat(report.status()).isEqualTo("intact");
		assertThat(report.digestsChecked()).isEqualTo(2);
	}

	@Test
	void aChainRewrittenEndToEndWithARecomputedHeadIsCaughtByTheDigest() {
		AuditDigest digest = this.signer.signNow();
		// someone holding the database and the entry key, not the signing key, changes an
		// entry, gives it a valid MAC and reseals the whole chain with the gateway's own
		// arithmetic: every MAC, hash and the head agree again
		this.jdbc.sql("update audit_entry set outcome = 'accepted', code = null where request_id = 'digest-req-2'")
			.update();
		AuditEntry rewritten = this.jdbc
			.sql("select " + AuditColumns.AS_STORED + " from audit_entry e where e.request_id = 'digest-req-2'")
			.query(AuditColumns.MAPPER)
			.single();
		this.jdbc.sql("update audit_entry set entry_mac = ? where request_id = 'digest-req-2'")
			.param(this.keys.mac(rewritten))
			.update();
		resealFromTheStart();

		ChainReport report = this.verifier.verify();

		assertThat(report.entriesChecked()).isEqualTo(3);
		assertThat(report.firstBrokenAuditId()).as("every MAC, entry hash and link holds").isNull();
		assertThat(report.status()).isEqualTo("broken");
		assertThat(report.firstBrokenDigestId()).isEqualTo(digest.digestId());
		assertThat(report.reason()).contains("it was rewritten");
	}

	@Test
	void anEntryRewrittenWithoutTheEntryKeyIsNeverResealed() {
		this.signer.signNow();
		this.jdbc.sql("update audit_entry set outcome = 'accepted', code = null where request_id = 'digest-req-2'")
			.update();
		String rewritten = this.jdbc.sql("select audit_id from audit_entry where request_id = 'digest-req-2'")
			.query(String.class)
			.single();
		resealFromTheStart();

		ChainReport report = this.verifier.verify();

		assertThat(this.jdbc.sql("select count(*) from audit_entry where chain_seq is not null")
			.query(Long.class)
			.single()).as("the sealer left it out").isEqualTo(2);
		assertThat(report.status()).isEqualTo("broken");
		assertThat(report.firstBrokenAuditId()).isEqualTo(rewritten);
		assertThat(report.reason()).startsWith("not written by the gateway");
	}

	private void resealFromTheStart() {
		this.jdbc.sql("update audit_entry set chain_seq = null, entry_hash = null, chain_hash = null").update();
		this.jdbc.sql("update audit_chain_state set last_chain_seq = 0, last_chain_hash = :genesis")
			.param("genesis", "0".repeat(64))
			.update();
		this.sealer.sealBatch();
	}

	@Test
	void aCutTailWithAMovedHeadIsCaughtByTheDigest() {
		AuditDigest digest = this.signer.signNow();
		this.jdbc.sql("delete from audit_entry where chain_seq = 3").update();
		this.jdbc
			.sql("update audit_chain_state set last_chain_seq = 2, "
					+ "last_chain_hash = (select chain_hash from audit_entry where chain_seq = 2)")
			.update();

		ChainReport report = this.verifier.verify();

		assertThat(report.status()).isEqualTo("broken");
		assertThat(report.firstBrokenDigestId()).isEqualTo(digest.digestId());
		assertThat(report.reason()).contains("entries were removed");
	}

	@Test
	void aDigestSignedWithAnotherKeyOrChangedIsCaught() {
		AuditDigest genuine = this.signer.signNow();
		this.jdbc
			.sql("update audit_digest set chain_seq = 2, chain_hash = "
					+ "(select chain_hash from audit_entry where chain_seq = 2) where digest_id = :id")
			.param("id", java.util.UUID.fromString(genuine.digestId()))
			.update();

		ChainReport report = this.verifier.verify();

		assertThat(report.status()).isEqualTo("broken");
		assertThat(report.firstBrokenDigestId()).isEqualTo(genuine.digestId());
		assertThat(report.reason()).contains("signature does not match");
		assertThat(List.of(report.digestsChecked())).containsExactly(1L);
	}

}
