package io.backupgateway.idempotency;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The Idempotency-Key was used before with a different request (422).
 */
public final class IdempotencyKeyReused extends GatewayFailure {

	IdempotencyKeyReused() {
		super(ProblemCode.IDEMPOTENCY_CONFLICT, "This Idempotency-Key was used with a different request.");
	}

}
