package io.backupgateway.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.backupgateway.audit.entry.AuditEntry;
import org.jspecify.annotations.Nullable;

/**
 * The integrity chain's arithmetic (docs/audit.md): a canonical serialisation of an
 * entry, its SHA-256, and the link to the previous entry. Plain Java, so an auditor's
 * re-implementation can be checked against it.
 */
final class HashChain {

	/** The hash before the first entry: 64 zeros. */
	static final String GENESIS = "0".repeat(64);

	private HashChain() {
	}

	/** The canonical text of an entry: see {@link AuditEntry#canonical()}. */
	static String canonical(AuditEntry entry) {
		return entry.canonical();
	}

	static String entryHash(AuditEntry entry) {
		return sha256(canonical(entry));
	}

	static String link(String previousChainHash, String entryHash) {
		return sha256(previousChainHash + entryHash);
	}

	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", ex);
		}
	}

	/**
	 * Why the chain's recorded head does not match the chain the entries make, in words
	 * an auditor can act on.
	 * @param lastSeq the last position the entries reach
	 * @param lastHash the chain hash the entries make there
	 * @param head the recorded head
	 * @return why not, or {@code null} when it matches
	 */
	static @Nullable String headProblem(long lastSeq, String lastHash, ChainSealer.ChainHead head) {
		if (lastSeq < head.seq()) {
			return "the chain's recorded head is at entry " + head.seq() + " but the sealed entries end at entry "
					+ lastSeq + ": entries after it were removed, or the head was moved forward";
		}
		if (lastSeq > head.seq()) {
			return "the sealed entries reach entry " + lastSeq + " but the chain's recorded head is at entry "
					+ head.seq() + ": the head was moved back";
		}
		if (!lastHash.equals(head.hash())) {
			return "the chain's recorded head at entry " + head.seq()
					+ " holds a hash the sealed entries do not make: the head was altered";
		}
		return null;
	}

}
