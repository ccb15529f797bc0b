package io.backupgateway.backup;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The 202 body of docs/design.md 3.1.
 *
 * @param jobId the cloud's job id
 * @param backupId the cloud's backup id
 * @param auditId the audit entry of this request
 * @param team the team
 * @param instanceId the instance
 * @param name the backup name
 */
record BackupAccepted(@Schema(example = "8061ceaf-b319-4315-9338-7f3de8e26f05") String jobId,
		@Schema(example = "646d88d0b03f4fd2ae944ae2a33bcb6abr06") String backupId,
		@Schema(description = "The audit entry of this request", format = "uuid",
				example = "0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a") String auditId,
		@Schema(example = "payments") String team,
		@Schema(example = "a4d8ea2584e047439a667703c0684119in06") String instanceId,
		@Schema(example = "payments-pre-migration") String name) {
}
