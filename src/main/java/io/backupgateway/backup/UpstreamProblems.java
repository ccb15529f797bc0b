package io.backupgateway.backup;

import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.web.GatewayException;
import io.backupgateway.web.ProblemCode;

/**
 * What a caller is told when the cloud failed (docs/design.md 3.2): one problem code per
 * kind of failure, the cloud's status, {@code error_code} and {@code error_msg} as
 * extensions, and its {@code Retry-After} hint passed on.
 */
public final class UpstreamProblems {

	private UpstreamProblems() {
	}

	/**
	 * The problem code for a kind of cloud failure.
	 * @param kind the kind
	 * @return its code
	 */
	public static ProblemCode codeOf(CloudFailure.Kind kind) {
		return switch (kind) {
			case REJECTED -> ProblemCode.UPSTREAM_REJECTED;
			case THROTTLED -> ProblemCode.UPSTREAM_THROTTLED;
			case ERROR -> ProblemCode.UPSTREAM_ERROR;
			case TIMEOUT -> ProblemCode.UPSTREAM_TIMEOUT;
			case PAUSED -> ProblemCode.UPSTREAM_UNAVAILABLE;
			case CREDENTIALS -> ProblemCode.CREDENTIALS_UNAVAILABLE;
		};
	}

	/**
	 * The problem a caller gets for a cloud failure.
	 * @param failure the failure
	 * @return the problem to answer
	 */
	public static GatewayException toProblem(CloudFailure failure) {
		String detail = (failure.getMessage() != null) ? failure.getMessage() : "The call to the cloud failed.";
		GatewayException problem = new GatewayException(codeOf(failure.kind()), detail, failure)
			.with("upstream_status", failure.upstreamStatus())
			.with("upstream_error_code", failure.errorCode())
			.with("upstream_error_msg", failure.errorMessage());
		if (failure.retryAfterSeconds() != null) {
			problem.retryAfter(failure.retryAfterSeconds());
		}
		return problem;
	}

}
