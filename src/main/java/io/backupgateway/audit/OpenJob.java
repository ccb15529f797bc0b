package io.backupgateway.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A backup job the gateway started whose end is not recorded yet.
 *
 * @param auditId the request's entry
 * @param occurredAt when the request arrived
 * @param team the team
 * @param instanceId the instance
 * @param projectId the project the job runs in
 * @param actor the requesting caller
 * @param actorName the caller's display name
 * @param requestId the request's id
 * @param jobId the job id
 * @param backupId the backup id
 * @param backupName the backup name
 */
public record OpenJob(UUID auditId, Instant occurredAt, @Nullable String team, @Nullable String instanceId,
		String projectId, @Nullable String actor, @Nullable String actorName, String requestId, String jobId,
		@Nullable String backupId, @Nullable String backupName) {
}
