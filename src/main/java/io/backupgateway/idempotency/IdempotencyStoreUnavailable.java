package io.backupgateway.idempotency;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The store of idempotency keys could not be used; nothing went upstream (503).
 */
public final class IdempotencyStoreUnavailable extends GatewayFailure {

	IdempotencyStoreUnavailable(Throwable cause) {
		super(ProblemCode.AUDIT_UNAVAILABLE,
				"The store of idempotency keys could not be used; nothing was sent to the cloud.", cause);
	}

}
