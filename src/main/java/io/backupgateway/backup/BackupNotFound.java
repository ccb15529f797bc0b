package io.backupgateway.backup;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The cloud lists no such backup of the team's instances, or says it is gone (404).
 */
public final class BackupNotFound extends GatewayFailure {

	BackupNotFound(String detail) {
		super(ProblemCode.NOT_FOUND, detail);
	}

}
