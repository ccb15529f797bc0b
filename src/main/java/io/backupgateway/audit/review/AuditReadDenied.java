package io.backupgateway.audit.review;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The caller may not read (or verify) what it asked for (403).
 */
public final class AuditReadDenied extends GatewayFailure {

	AuditReadDenied(String detail) {
		super(ProblemCode.FORBIDDEN, detail);
	}

}
