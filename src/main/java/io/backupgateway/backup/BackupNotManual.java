package io.backupgateway.backup;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * Only manual backups can be deleted; this one is automated (409).
 */
public final class BackupNotManual extends GatewayFailure {

	BackupNotManual(String backupId) {
		super(ProblemCode.UPSTREAM_REJECTED,
				"Backup '" + backupId + "' is an automated backup; only manual backups can be deleted.");
	}

}
