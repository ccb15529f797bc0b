package io.backupgateway.backup;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The 202 body of a delete (docs/design.md 3.5).
 *
 * @param jobId the cloud's delete job
 * @param auditId the audit entry of this request
 */
record BackupDeleting(@Schema(example = "2f1c7e0a-9b3d-4c8e-a6f1-0d2e4b6c8a90") String jobId,
		@Schema(description = "The audit entry of this request", format = "uuid",
				example = "0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a") String auditId) {
}
