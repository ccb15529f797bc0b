package io.backupgateway.backup;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The request body did not arrive within the body read timeout (408).
 */
public final class BodyTimedOut extends GatewayFailure {

	BodyTimedOut(long millis) {
		super(ProblemCode.REQUEST_TIMEOUT, "The request body did not arrive within " + millis + " ms.");
	}

}
