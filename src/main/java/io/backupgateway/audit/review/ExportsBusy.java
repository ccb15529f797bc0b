package io.backupgateway.audit.review;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * An export or verification may not start now: the caller's own is running, or the
 * replica's slots are taken (429, retry in 5 s).
 */
public final class ExportsBusy extends GatewayFailure {

	ExportsBusy(String detail) {
		super(ProblemCode.RATE_LIMITED, detail);
	}

}
