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

	/** The cloud's "backup file not found" (docs/cloud-api.md). */
	static final String BACKUP_GONE = "DBS.201214";

	/**
	 * The cloud's "cannot delete while a restore is using the backup"
	 * (docs/cloud-api.md).
	 */
	static final String BACKUP_IN_USE = "DBS.201319";

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
		return toProblem(failure, codeOf(failure.kind()));
	}

	/**
	 * The problem a caller gets for a failed delete: as for a create, except the cloud's
	 * "backup file not found" ({@code DBS.201214}: it is gone already) and "a restore is
	 * using it" ({@code DBS.201319}) (docs/design.md 3.5).
	 * @param failure the failure
	 * @return the problem to answer
	 */
	public static GatewayException toDeleteProblem(CloudFailure failure) {
		ProblemCode code = codeOf(failure.kind());
		if (failure.kind() == CloudFailure.Kind.REJECTED) {
			if (BACKUP_GONE.equals(failure.errorCode())) {
				code = ProblemCode.NOT_FOUND;
			}
			else if (BACKUP_IN_USE.equals(failure.errorCode())) {
				code = ProblemCode.BACKUP_IN_USE;
			}
		}
		return toProblem(failure, code);
	}

	private static GatewayException toProblem(CloudFailure failure, ProblemCode code) {
		String detail = (failure.getMessage() != null) ? failure.getMessage() : "The call to the cloud failed.";
		GatewayException problem = new GatewayException(code, detail, failure)
			.with("upstream_status", failure.upstreamStatus())
			.with("upstream_error_code", failure.errorCode())
			.with("upstream_error_msg", failure.errorMessage());
		if (failure.retryAfterSeconds() != null) {
			problem.retryAfter(failure.retryAfterSeconds());
		}
		return problem;
	}

}
