package io.backupgateway.audit;

import io.backupgateway.web.GatewayException;
import io.backupgateway.web.ProblemCode;

/**
 * The audit store could not be written. Thrown before anything goes upstream, so the
 * request fails closed (invariant 1).
 */
public class AuditUnavailable extends GatewayException {

	AuditUnavailable(Throwable cause) {
		super(ProblemCode.AUDIT_UNAVAILABLE, "The audit store could not be written; nothing was sent to the cloud.",
				cause);
	}

}
