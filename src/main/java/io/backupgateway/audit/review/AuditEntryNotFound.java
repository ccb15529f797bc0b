package io.backupgateway.audit.review;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * No audit entry with the id, or none the caller may read (404).
 */
public final class AuditEntryNotFound extends GatewayFailure {

	AuditEntryNotFound() {
		super(ProblemCode.NOT_FOUND, "No audit entry with this id.");
	}

}
