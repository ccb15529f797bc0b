package io.backupgateway.audit.review;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * A review's filters, cursor, limit or format are invalid (400).
 */
public final class InvalidAuditQuery extends GatewayFailure {

	InvalidAuditQuery(String detail) {
		super(ProblemCode.INVALID_REQUEST, detail);
	}

}
