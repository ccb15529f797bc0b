package io.backupgateway.audit.chain;

import java.util.function.ObjLongConsumer;

import io.backupgateway.audit.entry.AuditEntry;
import org.jspecify.annotations.Nullable;

/**
 * A walk along the sealed entries in chain order, recomputing each entry's hash and link
 * as the sealer made them, from a known position: {@code verify} walks from the start,
 * the signer from the newest digest (docs/design.md section 6). The walk stops at the
 * first entry that does not hold.
 */
final class ChainWalk {

	private final ObjLongConsumer<String> passed;

	long expectedSeq;

	String previousHash;

	long checked;

	@Nullable String firstBroken;

	@Nullable String reason;

	/**
	 * @param fromSeq the last position known good (0 for the chain's start)
	 * @param fromHash the chain hash there
	 * @param passed told each chain hash and position the walk passes
	 */
	ChainWalk(long fromSeq, String fromHash, ObjLongConsumer<String> passed) {
		this.expectedSeq = fromSeq + 1;
		this.previousHash = fromHash;
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
