package io.backupgateway.backup;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A valid create-backup body: exactly what is sent upstream.
 *
 * @param name the backup name
 * @param description the description, possibly empty
 */
record CreateBackupRequest(
		@Schema(description = "4 to 64 characters; starts with an ASCII letter; only letters, digits, '-' and '_'; "
				+ "plus the team's naming policy (by default the prefix '<team>-')", example = "payments-pre-migration",
				minLength = 4, maxLength = 64, pattern = "^[A-Za-z][A-Za-z0-9_-]{3,63}$",
				requiredMode = Schema.RequiredMode.REQUIRED) String name,
		@Schema(description = "At most 256 characters, may be empty; no control characters and none of > ! < \" & ' =",
				example = "before schema v42", maxLength = 256,
				requiredMode = Schema.RequiredMode.REQUIRED) String description) {
}
