package io.backupgateway.audit.chain;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code GET /v1/audit/verify}.
 *
 * @param status {@code intact} or {@code broken}
 * @param entriesChecked how many sealed entries were checked
 * @param firstBrokenAuditId the first entry that does not match, if one can be named
 * @param reason why the chain is broken, if it is
 * @param unsealed finished entries not yet chained
 * @param digestsChecked how many signed digests were checked against the chain
 * @param firstBrokenDigestId the first digest that does not match, if it is a digest
 */
public record ChainReport(@Schema(allowableValues = {
		"intact", "broken" }) String status, long entriesChecked, @Nullable String firstBrokenAuditId,
		@Nullable String reason, long unsealed, long digestsChecked, @Nullable String firstBrokenDigestId){

	static ChainReport intact(long checked, long unsealed, long digests) {
		return new ChainReport("intact", checked, null, null, unsealed, digests, null);
	}

	static ChainReport broken(long checked, @Nullable String firstBroken, @Nullable String reason, long unsealed) {
		return new ChainReport("broken", checked, firstBroken, reason, unsealed, 0, null);
	}

	static ChainReport brokenDigest(long checked, long unsealed, long digests, String digestId, String reason) {
		return new ChainReport("broken", checked, null, reason, unsealed, digests, digestId);
	}

}
