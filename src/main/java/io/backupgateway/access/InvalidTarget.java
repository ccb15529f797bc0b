package io.backupgateway.access;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The path or query names a team or instance that cannot exist: the caller's mistake
 * (400).
 */
public final class InvalidTarget extends GatewayFailure {

	InvalidTarget(String detail) {
		super(ProblemCode.INVALID_REQUEST, detail);
	}

}
