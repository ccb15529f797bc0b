package io.backupgateway.audit;

import org.jspecify.annotations.Nullable;

/**
 * A backup job this gateway started for a team, as its audit entry records it.
 *
 * @param jobId the job id
 * @param instanceId the instance
 * @param projectId the project the job runs in
 * @param backupId the backup id
 * @param jobStatus the latest job status the trail knows
 */
public record StartedJob(String jobId, @Nullable String instanceId, String projectId, @Nullable String backupId,
		@Nullable String jobStatus) {
}
