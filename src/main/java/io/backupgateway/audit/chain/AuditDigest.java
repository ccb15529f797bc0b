package io.backupgateway.audit.chain;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A signed digest of the integrity chain's head (docs/design.md section 6): what an
 * auditor keeps, with the public key, to check an export offline.
 *
 * @param digestId the digest's id
 * @param chainSeq the chain position it covers (0 for an empty chain)
 * @param chainHash the chain hash at that position
 * @param previousDigestId the digest before it, if any
 * @param signedAt when it was signed, as signed
 * @param keyId the signing key's id
 * @param signature the Ed25519 signature of {@link #signedText()}, base64
 */
public record AuditDigest(@Schema(format = "uuid") String digestId, long chainSeq, String chainHash,
		@Schema(format = "uuid") @Nullable String previousDigestId, @Schema(format = "date-time") String signedAt,
		String keyId, String signature) {

	static final String FORMAT = "backup-gateway-digest/v1";

	/**
	 * The text the signature covers: the format's name, then the digest's values exactly
	 * as served, one per line.
	 * @return the text
	 */
	public String signedText() {
		return signedText(this.digestId, this.chainSeq, this.chainHash, this.previousDigestId, this.signedAt);
	}

	static String signedText(String digestId, long chainSeq, String chainHash, @Nullable String previousDigestId,
			String signedAt) {
		return FORMAT + "\n" + digestId + "\n" + chainSeq + "\n" + chainHash + "\n"
				+ ((previousDigestId != null) ? previousDigestId : "") + "\n" + signedAt;
	}

}
