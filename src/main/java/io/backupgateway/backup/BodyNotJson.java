package io.backupgateway.backup;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The request body is not declared as UTF-8 JSON (415).
 */
public final class BodyNotJson extends GatewayFailure {

	BodyNotJson() {
		super(ProblemCode.UNSUPPORTED_MEDIA_TYPE, "The request body must be application/json (UTF-8).");
	}

}
