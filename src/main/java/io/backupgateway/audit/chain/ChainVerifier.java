package io.backupgateway.audit.chain;

import java.sql.ResultSet;
import java.util.Map;
import java.util.stream.Collectors;

import io.backupgateway.audit.chain.ChainSealer.ChainHead;
import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.LongReads;
import io.backupgateway.background.BackgroundPasses;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the integrity chain from the stored entries and names the first entry whose
 * content, position or link does not match, then checks every signed digest against the
 * chain (docs/design.md section 6).
 */
@Component
public class ChainVerifier {

	private static final int FETCH_SIZE = 1000;

	private final JdbcClient jdbc;

	private final TransactionTemplate snapshot;

	private final BackgroundPasses passes;

	private final TrustedKeys trusted;

	/**
	 * Reads on the pool for long reads, in one snapshot for the head and the walk: a seal
	 * committing in between must not look like tampering (docs/design.md section 6).
	 */
	ChainVerifier(LongReads reads, BackgroundPasses passes, TrustedKeys trusted) {
		this.jdbc = reads.jdbc();
		this.passes = passes;
		this.snapshot = reads.snapshot();
		this.trusted = trusted;
	}

	/**
	 * Walks the chain from its start.
	 * @return whether it is intact, and if not, where it breaks
	 */
	public ChainReport verify() {
		return this.snapshot.execute((status) -> {
			this.passes.holdOff(BackgroundPasses.Job.CHAIN_SEALER);
			ChainHead head = this.jdbc.sql("select last_chain_seq, last_chain_hash from audit_chain_state where id = 1")
				.query((rs, row) -> new ChainHead(rs.getLong("last_chain_seq"), rs.getString("last_chain_hash").trim()))
				.single();
			// the keys from configuration, never from the database (docs/design.md
			// section 6)
			DigestCheck digests = new DigestCheck(
					this.jdbc.sql("select " + DigestSigner.COLUMNS + " from audit_digest order by digest_seq")
						.query(DigestSigner.MAPPER)
						.list(),
					this.trusted.all());
			Walk walk = new Walk(digests);
			this.jdbc
				.sql("select " + AuditColumns.AS_STORED
						+ " from audit_entry e where e.chain_seq is not null order by e.chain_seq")
				.withFetchSize(FETCH_SIZE)
				.query((ResultSet rs) -> {
					if (walk.firstBroken == null) {
						walk.check(AuditColumns.MAPPER.mapRow(rs, 0));
					}
				});
			long unsealed = this.jdbc
				.sql("select count(*) from audit_entry where chain_seq is null and outcome <> 'pending'")
				.query(Long.class)
				.single();
			if (walk.firstBroken != null) {
				return ChainReport.broken(walk.checked, walk.firstBroken, walk.reason, unsealed);
			}
			String headProblem = HashChain.headProblem(walk.expectedSeq - 1, walk.previousHash, head);
			if (headProblem != null) {
				return ChainReport.broken(walk.checked, null, headProblem, unsealed);
			}
			DigestCheck.Broken digest = digests.firstBroken(walk.expectedSeq - 1);
			if (digest != null) {
				return ChainReport.brokenDigest(walk.checked, unsealed, digests.count(), digest.digestId(),
						digest.reason());
			}
			return ChainReport.intact(walk.checked, unsealed, digests.count());
		});
	}

	private static final class Walk {

		private final DigestCheck digests;

		long expectedSeq = 1;

		long checked;

		String previousHash = HashChain.GENESIS;

		@Nullable String firstBroken;

		@Nullable String reason;

		Walk(DigestCheck digests) {
			this.digests = digests;
		}

		void check(AuditEntry entry) {
			this.checked++;
			if (entry.chainSeq() == null || entry.chainSeq() != this.expectedSeq) {
				fail(entry, "an entry before it is missing from the chain");
				return;
			}
			String entryHash = HashChain.entryHash(entry);
			if (!entryHash.equals(trim(entry.entryHash()))) {
				fail(entry, "its content differs from what was sealed");
				return;
			}
			String chainHash = HashChain.link(this.previousHash, entryHash);
			if (!chainHash.equals(trim(entry.chainHash()))) {
				fail(entry, "its link to the previous entry does not match");
				return;
			}
			this.previousHash = chainHash;
			this.digests.passed(this.expectedSeq, chainHash);
			this.expectedSeq++;
		}

		private void fail(AuditEntry entry, String why) {
			this.firstBroken = entry.auditId();
			this.reason = why;
		}

		private static @Nullable String trim(@Nullable String hash) {
			return (hash != null) ? hash.trim() : null;
		}

	}

}
