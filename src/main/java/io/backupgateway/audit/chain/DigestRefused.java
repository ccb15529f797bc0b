package io.backupgateway.audit.chain;

/**
 * No digest was signed: the chain does not verify from the newest digest to its head
 * (docs/design.md section 6). Someone changed the trail, its head or its digests behind
 * the gateway's back; {@code GET /v1/audit/verify} names where.
 */
public final class DigestRefused extends RuntimeException {

	DigestRefused(String reason) {
		super(reason, null, false, false);
	}

}
