package io.backupgateway.audit.chain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Checks the signed digests against the chain they sign (docs/audit.md "Signed digests"):
 * each names the one before it, carries a valid signature of a trusted key, and signs the
 * chain hash the chain really has at its position. A chain rewritten end to end, with a
 * recomputed head, passes the entry walk but not this.
 */
final class DigestCheck {

	private final List<AuditDigest> digests;

	private final Map<String, String> publicKeys;

	private final Map<Long, String> hashesAt = new HashMap<>();

	private final Set<Long> positions;

	/**
	 * @param digests every digest, oldest first
	 * @param publicKeys the trusted public keys (PEM) by key id
	 */
	DigestCheck(List<AuditDigest> digests, Map<String, String> publicKeys) {
		this.digests = digests;
		this.publicKeys = publicKeys;
		this.positions = digests.stream().map(AuditDigest::chainSeq).collect(Collectors.toSet());
		this.hashesAt.put(0L, HashChain.GENESIS);
	}

	/** Notes the chain hash at a position, as the walk passes it. */
	void passed(long chainSeq, String chainHash) {
		if (this.positions.contains(chainSeq)) {
			this.hashesAt.put(chainSeq, chainHash);
		}
	}

	/**
	 * The last chain position a trusted, validly signed digest covers: up to there, an
	 * entry whose MAC is under a retired entry key is vouched for by the signature.
	 * @return the position, 0 when no digest counts
	 */
	long signedUpTo() {
		long upTo = 0;
		for (AuditDigest digest : this.digests) {
			String pem = this.publicKeys.get(digest.keyId());
			if (digest.chainSeq() > upTo && pem != null
					&& DigestKey.verify(pem, digest.signedText(), digest.signature())) {
				upTo = digest.chainSeq();
			}
		}
		return upTo;
	}

	int count() {
		return this.digests.size();
	}

	/**
	 * The first digest that does not hold, after the walk.
	 * @param chainEnd the last position the walk reached
	 * @return the digest and why, or {@code null} when every digest holds
	 */
	@Nullable Broken firstBroken(long chainEnd) {
		String previous = null;
		for (AuditDigest digest : this.digests) {
			String why = problem(digest, previous, chainEnd);
			if (why != null) {
				return new Broken(digest.digestId(), "digest " + digest.digestId() + ": " + why);
			}
			previous = digest.digestId();
		}
		return null;
	}

	private @Nullable String problem(AuditDigest digest, @Nullable String previous, long chainEnd) {
		if (!Objects.equals(digest.previousDigestId(), previous)) {
			return "it does not name the digest before it";
		}
		String pem = this.publicKeys.get(digest.keyId());
		if (pem == null || !digest.keyId().equals(keyIdOrNull(pem))) {
			return "it is signed with key " + digest.keyId()
					+ ", an untrusted key (neither gateway.audit.signing-key nor one of gateway.audit.trusted-keys)";
		}
		if (!DigestKey.verify(pem, digest.signedText(), digest.signature())) {
			return "its signature does not match its content";
		}
		if (digest.chainSeq() > chainEnd) {
			return "it signs the chain up to entry " + digest.chainSeq() + " but the chain ends at " + chainEnd
					+ ": entries were removed";
		}
		if (!digest.chainHash().equals(this.hashesAt.get(digest.chainSeq()))) {
			return "the chain at entry " + digest.chainSeq() + " is not the chain it signed: it was rewritten";
		}
		return null;
	}

	private static @Nullable String keyIdOrNull(String pem) {
		try {
			return DigestKey.keyIdOf(pem);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * A digest that does not hold.
	 *
	 * @param digestId its id
	 * @param reason why
	 */
	record Broken(String digestId, String reason) {
	}

}
