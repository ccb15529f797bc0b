package io.backupgateway.audit;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A backup job the gateway started whose end is not recorded yet.
 *
 * @param auditId the request's entry
 * @param occurredAt when the request arrived
 * @param instanceId the instance
 * @param projectId the project the job runs in
 * @param jobId the job id
 */
public record OpenJob(UUID auditId, Instant occurredAt, @Nullable String instanceId, String projectId, String jobId) {
}
