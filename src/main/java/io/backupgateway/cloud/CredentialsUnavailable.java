package io.backupgateway.cloud;

/**
 * No IAM token could be obtained for a project (docs/design.md 3.2: 503
 * {@code credentials-unavailable}). Says nothing about the GeminiDB endpoint, so the
 * circuit breaker ignores it.
 */
public class CredentialsUnavailable extends CloudFailure {

	public CredentialsUnavailable(String detail) {
		super(Kind.CREDENTIALS, detail);
	}

}
