package io.backupgateway.audit;

/**
 * The values of an entry's {@code job_status} (docs/design.md 3.4).
 */
public final class JobStatus {

	public static final String RUNNING = "Running";

	public static final String COMPLETED = "Completed";

	public static final String FAILED = "Failed";

	public static final String UNKNOWN = "Unknown";

	private JobStatus() {
	}

}
