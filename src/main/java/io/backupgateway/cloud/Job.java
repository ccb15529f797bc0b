package io.backupgateway.cloud;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A GeminiDB job as the cloud's job API lists it.
 *
 * @param id the job id
 * @param status {@code Running}, {@code Completed} or {@code Failed}
 * @param progress e.g. {@code 60%} while running, else empty
 * @param failReason why it failed, if it did
 * @param startedAt when it started, if known
 * @param endedAt when it ended, if it did
 * @param instanceId the instance it works on, if given
 */
public record Job(String id, String status, @Nullable String progress, @Nullable String failReason,
		@Nullable Instant startedAt, @Nullable Instant endedAt, @Nullable String instanceId) {

	public boolean isFinished() {
		return "Completed".equals(this.status) || "Failed".equals(this.status);
	}

}
