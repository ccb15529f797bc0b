package io.backupgateway.limits;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * A backup of the instance started by this gateway is still running, or a deletion of the
 * backup is in flight (409).
 */
public final class BackupInProgress extends GatewayFailure {

	BackupInProgress(String detail) {
		super(ProblemCode.BACKUP_IN_PROGRESS, detail);
	}

}
