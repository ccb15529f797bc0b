package io.backupgateway.limits;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The team started as many backups in the last 60 minutes as its quota allows (429, with
 * Retry-After).
 */
public final class QuotaExhausted extends GatewayFailure {

	QuotaExhausted(String team, int max) {
		super(ProblemCode.RATE_LIMITED,
				"Team '" + team + "' has started " + max + " backups in the last 60 minutes, its quota.");
	}

}
