package io.backupgateway.audit;

import java.util.Locale;

/**
 * The outcome of an audit entry (docs/design.md 3.3).
 */
public enum Outcome {

	/** The cloud answered 2xx. */
	ACCEPTED,
	/** The gateway refused the request (invalid, policy, unknown instance, ...). */
	REJECTED,
	/** Authorization refused the request. */
	DENIED,
	/** IAM or the cloud failed, or the cloud refused. */
	FAILED,
	/** In flight: the attempt is recorded, its outcome not yet. */
	PENDING,
	/** A pending entry that could not be resolved after a crash. */
	UNKNOWN,
	/** An Idempotency-Key replay. */
	REPLAYED,
	/** A backup job that finished successfully. */
	COMPLETED;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

}
