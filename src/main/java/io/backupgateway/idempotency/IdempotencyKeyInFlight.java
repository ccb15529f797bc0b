package io.backupgateway.idempotency;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The first request with this Idempotency-Key has not been answered yet (409).
 */
public final class IdempotencyKeyInFlight extends GatewayFailure {

	IdempotencyKeyInFlight() {
		super(ProblemCode.IDEMPOTENCY_IN_PROGRESS,
				"A request with this Idempotency-Key is still being processed; retry later.");
	}

}
