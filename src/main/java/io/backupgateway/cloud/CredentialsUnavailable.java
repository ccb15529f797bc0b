package io.backupgateway.cloud;

import io.backupgateway.web.GatewayException;
import io.backupgateway.web.ProblemCode;

/**
 * No IAM token could be obtained for a project (DESIGN 3.2: 503
 * {@code credentials-unavailable}).
 */
public class CredentialsUnavailable extends GatewayException {

	public CredentialsUnavailable(String detail) {
		super(ProblemCode.CREDENTIALS_UNAVAILABLE, detail);
	}

}
