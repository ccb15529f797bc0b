package io.backupgateway.audit;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The audit store could not be written. Thrown before anything goes upstream, so the
 * request fails closed (invariant 1).
 */
public class AuditUnavailable extends GatewayFailure {

	AuditUnavailable(Throwable cause) {
		super(ProblemCode.AUDIT_UNAVAILABLE, "The audit store could not be written; nothing was sent to the cloud.",
				cause);
	}

	/**
	 * The same failure for another request that waited on the same write: each request
	 * answers with an exception of its own.
	 * @return a new exception with the same cause
	 */
	public AuditUnavailable again() {
		return new AuditUnavailable(java.util.Objects.requireNonNull(getCause()));
	}

}
