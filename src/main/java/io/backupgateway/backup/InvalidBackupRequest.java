package io.backupgateway.backup;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The request to create, list or delete backups is invalid: its body, header, path or
 * query (400).
 */
public final class InvalidBackupRequest extends GatewayFailure {

	InvalidBackupRequest(String detail) {
		super(ProblemCode.INVALID_REQUEST, detail);
	}

}
