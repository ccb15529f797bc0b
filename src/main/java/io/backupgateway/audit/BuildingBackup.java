package io.backupgateway.audit;

import java.time.Instant;
import java.util.UUID;

/**
 * An accepted create without a job, whose backup was still building when it was settled.
 *
 * @param auditId the request's entry
 * @param occurredAt when the request was made
 * @param instanceId the instance
 * @param projectId the instance's project
 * @param backupId the backup
 */
public record BuildingBackup(UUID auditId, Instant occurredAt, String instanceId, String projectId, String backupId) {
}
