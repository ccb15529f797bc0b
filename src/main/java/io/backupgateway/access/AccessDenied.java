package io.backupgateway.access;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The caller lacks the permission, or is not a member of the team (403).
 */
public final class AccessDenied extends GatewayFailure {

	AccessDenied(String detail) {
		super(ProblemCode.FORBIDDEN, detail);
	}

}
