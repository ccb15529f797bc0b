package io.backupgateway.failure;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * A failure nobody foresaw: a bug. The caller is told nothing more (500).
 */
public final class Unexpected extends GatewayFailure {

	public Unexpected(Throwable cause) {
		super(ProblemCode.INTERNAL_ERROR, "The request failed unexpectedly.", cause);
	}

}
