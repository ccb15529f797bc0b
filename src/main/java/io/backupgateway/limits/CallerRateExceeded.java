package io.backupgateway.limits;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The caller sent more requests of a kind in the last 60 seconds than its rate allows
 * (429, with Retry-After). Counted and logged once per caller and minute by
 * {@link CallerRates}, never stored in the audit trail one by one and never logged per
 * request: a flooding caller must grow neither the trail nor the log.
 */
public final class CallerRateExceeded extends GatewayFailure {

	CallerRateExceeded(long retryAfterSeconds) {
		super(ProblemCode.RATE_LIMITED,
				"Too many requests from this caller; retry after " + retryAfterSeconds + " seconds.");
		retryAfter(retryAfterSeconds);
	}

	@Override
	public boolean logged() {
		return false;
	}

}
