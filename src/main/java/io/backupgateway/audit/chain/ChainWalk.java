package io.backupgateway.audit.chain;

import java.util.function.ObjLongConsumer;

import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.EntryKeys;
import org.jspecify.annotations.Nullable;

/**
 * A walk along the sealed entries in chain order, recomputing each entry's hash and link
 * as the sealer made them, and its MAC as the gateway wrote it, from a known position:
 * {@code verify} walks from the start, the signer from the newest digest (docs/design.md
 * section 6). The walk stops at the first entry that does not hold.
 */
final class ChainWalk {

	/** What an auditor reads when an entry's MAC does not verify. */
	static final String NOT_WRITTEN = "not written by the gateway";

	private final ObjLongConsumer<String> passed;

	private final EntryKeys keys;

	private final long macFromSeq;

	private final long signedUpTo;

	long expectedSeq;

	String previousHash;

	long checked;

	@Nullable String firstBroken;

	@Nullable String reason;

	/**
	 * @param fromSeq the last position known good (0 for the chain's start)
	 * @param fromHash the chain hash there
	 * @param keys the entry keys
	 * @param macFromSeq the first entry written with a MAC
	 * @param signedUpTo the last position a trusted digest signs: up to there an entry
	 * under a retired entry key is vouched for by the digest
	 * @param passed told each chain hash and position the walk passes
	 */
	ChainWalk(long fromSeq, String fromHash, EntryKeys keys, long macFromSeq, long signedUpTo,
			ObjLongConsumer<String> passed) {
		this.expectedSeq = fromSeq + 1;
		this.previousHash = fromHash;
		this.keys = keys;
		this.macFromSeq = macFromSeq;
		this.signedUpTo = signedUpTo;
		this.passed = passed;
	}

	boolean broken() {
		return this.firstBroken != null;
	}

	/** The last position the walk reached intact. */
	long lastSeq() {
		return this.expectedSeq - 1;
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
		EntryKeys.Verdict verdict = this.keys.check(entry, this.macFromSeq);
		if (verdict == EntryKeys.Verdict.NOT_WRITTEN_BY_THE_GATEWAY) {
			fail(entry,
					NOT_WRITTEN + ": its content is not what the gateway wrote, although the chain was made to fit it");
			return;
		}
		if (verdict == EntryKeys.Verdict.UNKNOWN_KEY && this.expectedSeq > this.signedUpTo) {
			fail(entry, NOT_WRITTEN + ": it carries a MAC under an entry key the gateway does not hold, "
					+ "and no trusted digest signs it");
			return;
		}
		this.previousHash = chainHash;
		this.passed.accept(chainHash, this.expectedSeq);
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
