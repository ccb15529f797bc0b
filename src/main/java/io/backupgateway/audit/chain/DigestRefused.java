package io.backupgateway.audit.chain;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * No digest was signed: the chain does not verify from the newest digest to its head
 * (docs/design.md section 6). Someone changed the trail, its head or its digests behind
 * the gateway's back; {@code GET /v1/audit/verify} names where. Answered
 * {@code 503 audit-unavailable}.
 */
public final class DigestRefused extends GatewayFailure {

	private final String reason;

	DigestRefused(String reason) {
		super(ProblemCode.AUDIT_UNAVAILABLE, "No digest was signed: the audit chain does not verify up to its head ("
				+ reason + "). GET /v1/audit/verify says where it breaks.");
		this.reason = reason;
	}

	/** What does not hold, in words an auditor understands. */
	public String reason() {
		return this.reason;
	}

}
