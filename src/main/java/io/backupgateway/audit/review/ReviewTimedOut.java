package io.backupgateway.audit.review;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The audit store did not answer a review in time (503, never 500).
 */
public final class ReviewTimedOut extends GatewayFailure {

	ReviewTimedOut(Throwable cause) {
		super(ProblemCode.AUDIT_UNAVAILABLE, "The audit store did not answer in time; narrow the query or retry later.",
				cause);
	}

}
