package io.backupgateway.audit.chain;

import java.sql.ResultSet;
import java.util.Optional;

import io.backupgateway.audit.chain.ChainSealer.ChainHead;
import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.EntryKeys;
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

	private final EntryKeys keys;

	/**
	 * Reads on the pool for long reads, in one snapshot for the head and the walk: a seal
	 * committing in between must not look like tampering (docs/design.md section 6).
	 */
	ChainVerifier(LongReads reads, BackgroundPasses passes, TrustedKeys trusted, EntryKeys keys) {
		this.keys = keys;
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
			this.passes.holdOff(ChainSealer.PASSES);
			ChainHead head = this.jdbc.sql("select " + ChainHead.COLUMNS + " from audit_chain_state where id = 1")
				.query(ChainHead.MAPPER)
				.single();
			// the keys from configuration, never from the database (docs/design.md
			// section 6)
			DigestCheck digests = new DigestCheck(
					this.jdbc.sql("select " + DigestSigner.COLUMNS + " from audit_digest order by digest_seq")
						.query(DigestSigner.MAPPER)
						.list(),
					this.trusted.all());
			ChainWalk walk = new ChainWalk(0, HashChain.GENESIS, this.keys, head.macFromSeq(), digests.signedUpTo(),
					(hash, seq) -> digests.passed(seq, hash));
			this.jdbc
				.sql("select " + AuditColumns.AS_STORED
						+ " from audit_entry e where e.chain_seq is not null order by e.chain_seq")
				.withFetchSize(FETCH_SIZE)
				.query((ResultSet rs) -> {
					if (!walk.broken()) {
						walk.check(AuditColumns.MAPPER.mapRow(rs, 0));
					}
				});
			long unsealed = this.jdbc
				.sql("select count(*) from audit_entry where chain_seq is null and outcome <> 'pending'")
				.query(Long.class)
				.single();
			if (walk.broken()) {
				return ChainReport.broken(walk.checked, walk.firstBroken, walk.reason, unsealed);
			}
			String headProblem = HashChain.headProblem(walk.lastSeq(), walk.previousHash, head);
			if (headProblem != null) {
				return ChainReport.broken(walk.checked, null, headProblem, unsealed);
			}
			ChainReport outside = firstUnsealedNotVouched(head.macFromSeq(), walk.checked, unsealed);
			if (outside != null) {
				return outside;
			}
			DigestCheck.Broken digest = digests.firstBroken(walk.lastSeq());
			if (digest != null) {
				return ChainReport.brokenDigest(walk.checked, unsealed, digests.count(), digest.digestId(),
						digest.reason());
			}
			return ChainReport.intact(walk.checked, unsealed, digests.count());
		});
	}

	/**
	 * The first entry outside the chain that the gateway did not write as stored, or that
	 * it wrote but someone flagged to keep it out of the chain.
	 */
	private @Nullable ChainReport firstUnsealedNotVouched(long macFromSeq, long checked, long unsealed) {
		return this.jdbc
			.sql("select " + AuditColumns.AS_STORED + ", e.unvouched from audit_entry e"
					+ " where e.chain_seq is null and e.seq >= :from order by e.seq")
			.param("from", macFromSeq)
			.withFetchSize(FETCH_SIZE)
			.query((ResultSet rs) -> {
				while (rs.next()) {
					AuditEntry entry = AuditColumns.MAPPER.mapRow(rs, 0);
					String why = whyNotVouched(entry, rs.getBoolean("unvouched"));
					if (why != null) {
						return Optional.of(ChainReport.broken(checked, entry.auditId(), why, unsealed));
					}
				}
				return Optional.<ChainReport>empty();
			})
			.orElse(null);
	}

	private @Nullable String whyNotVouched(AuditEntry entry, boolean flagged) {
		EntryKeys.Verdict verdict = this.keys.check(entry, Long.MIN_VALUE);
		if (verdict == EntryKeys.Verdict.UNKNOWN_KEY) {
			return ChainWalk.NOT_WRITTEN + ": it carries a MAC under an entry key the gateway does not hold, "
					+ "so it was kept out of the chain";
		}
		if (!verdict.holds()) {
			return ChainWalk.NOT_WRITTEN + ": its MAC is missing or does not match its content, "
					+ "so it was kept out of the chain";
		}
		if (flagged) {
			return "the gateway wrote it, but it was flagged as not written by the gateway: "
					+ "someone with access to the database kept it out of the chain";
		}
		return null;
	}

}
