package io.backupgateway.cloud;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * What a caller is told when the cloud failed (docs/design.md 3.2): one problem code per
 * kind of failure, the cloud's status, {@code error_code} and {@code error_msg} as
 * extensions, and its {@code Retry-After} hint passed on.
 */
public final class UpstreamFailed extends GatewayFailure {

	UpstreamFailed(CloudFailure failure, ProblemCode code) {
		super(code, (failure.getMessage() != null) ? failure.getMessage() : "The call to the cloud failed.", failure);
		with("upstream_status", failure.upstreamStatus());
		with("upstream_error_code", failure.errorCode());
		with("upstream_error_msg", failure.errorMessage());
		if (failure.retryAfterSeconds() != null) {
			retryAfter(failure.retryAfterSeconds());
		}
	}

	/**
	 * The problem code for a kind of cloud failure.
	 * @param kind the kind
	 * @return its code
	 */
	static ProblemCode codeOf(CloudFailure.Kind kind) {
		return switch (kind) {
			case REJECTED -> ProblemCode.UPSTREAM_REJECTED;
			case THROTTLED -> ProblemCode.UPSTREAM_THROTTLED;
			case ERROR -> ProblemCode.UPSTREAM_ERROR;
			case TIMEOUT -> ProblemCode.UPSTREAM_TIMEOUT;
			case PAUSED -> ProblemCode.UPSTREAM_UNAVAILABLE;
			case CREDENTIALS -> ProblemCode.CREDENTIALS_UNAVAILABLE;
		};
	}

}
