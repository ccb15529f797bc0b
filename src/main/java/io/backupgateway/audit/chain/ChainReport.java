package io.backupgateway.audit.chain;

import org.jspecify.annotations.Nullable;

/**
 * The answer of {@code GET /v1/audit/verify}.
 *
 * @param status {@code intact} or {@code broken}
 * @param entriesChecked how many sealed entries were checked
 * @param firstBrokenAuditId the first entry that does not match, if one can be named
 * @param reason why the chain is broken, if it is
 * @param unsealed finished entries not yet chained
 */
public record ChainReport(String status, long entriesChecked, @Nullable String firstBrokenAuditId,
		@Nullable String reason, long unsealed) {

	static ChainReport intact(long checked, long unsealed) {
		return new ChainReport("intact", checked, null, null, unsealed);
	}

	static ChainReport broken(long checked, @Nullable String firstBroken, @Nullable String reason, long unsealed) {
		return new ChainReport("broken", checked, firstBroken, reason, unsealed);
	}

}
