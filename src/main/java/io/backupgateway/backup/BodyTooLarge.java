package io.backupgateway.backup;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The request body is larger than a create request can be (413).
 */
public final class BodyTooLarge extends GatewayFailure {

	BodyTooLarge(int maxBytes) {
		super(ProblemCode.PAYLOAD_TOO_LARGE, "The request body must be at most " + maxBytes + " bytes.");
	}

}
