package io.backupgateway.failure;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * The stable error codes of docs/design.md sections 3.2 and 3.4, one constant per row.
 * Callers branch on {@link #slug()}, never on the title or detail.
 */
public enum ProblemCode {

	INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),

	NAMING_POLICY(HttpStatus.BAD_REQUEST, "naming-policy", "Backup name breaks the team's naming policy"),

	UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required"),

	FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Forbidden"),

	INSTANCE_NOT_FOUND(HttpStatus.NOT_FOUND, "instance-not-found", "Instance not registered to the team"),

	NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),

	METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),

	IDEMPOTENCY_IN_PROGRESS(HttpStatus.CONFLICT, "idempotency-in-progress",
			"A request with this Idempotency-Key is still being processed"),

	BACKUP_IN_PROGRESS(HttpStatus.CONFLICT, "backup-in-progress", "A backup of this instance is still running"),

	BACKUP_IN_USE(HttpStatus.CONFLICT, "backup-in-use", "A restore is using this backup"),

	UPSTREAM_REJECTED(HttpStatus.CONFLICT, "upstream-rejected", "The cloud refused the request"),

	REQUEST_TIMEOUT(HttpStatus.REQUEST_TIMEOUT, "request-timeout", "The request body did not arrive in time"),

	PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Request body too large"),

	UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),

	IDEMPOTENCY_CONFLICT(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-conflict",
			"Idempotency-Key reused with a different request"),

	RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
			"Too many requests: the team's quota, the caller's rate or the exports running"),

	INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error"),

	UPSTREAM_ERROR(HttpStatus.BAD_GATEWAY, "upstream-error", "The cloud failed to process the request"),

	UPSTREAM_THROTTLED(HttpStatus.SERVICE_UNAVAILABLE, "upstream-throttled", "The cloud is throttling requests"),

	UPSTREAM_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "upstream-unavailable",
			"The cloud endpoint is failing; calls are paused"),

	CREDENTIALS_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "credentials-unavailable",
			"Cloud credentials are unavailable"),

	AUDIT_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "audit-unavailable", "Audit store unavailable"),

	OWNERSHIP_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "ownership-unavailable",
			"The instance's ownership cannot be read from the cloud's tags"),

	/**
	 * Not in docs/design.md 3.2: the identity provider's signing keys could not be
	 * fetched, so no token can be checked. Neither the caller's mistake (401) nor a bug
	 * (500).
	 */
	IDENTITY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "identity-unavailable",
			"The identity provider's keys are unavailable"),

	UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT, "upstream-timeout", "The cloud did not answer in time");

	private final HttpStatus status;

	private final String slug;

	private final String title;

	ProblemCode(HttpStatus status, String slug, String title) {
		this.status = status;
		this.slug = slug;
		this.title = title;
	}

	public HttpStatus status() {
		return this.status;
	}

	public String slug() {
		return this.slug;
	}

	public String title() {
		return this.title;
	}

	/**
	 * The problem {@code type}: a relative reference that is not meant to be resolved.
	 * @return {@code /problems/<slug>}
	 */
	public URI type() {
		return URI.create("/problems/" + this.slug);
	}

	/**
	 * The code a response with this status gets when no more specific one applies.
	 * @param status an HTTP status code
	 * @return the matching generic code
	 */
	public static ProblemCode forStatus(int status) {
		return switch (status) {
			case 401 -> UNAUTHENTICATED;
			case 403 -> FORBIDDEN;
			case 404 -> NOT_FOUND;
			case 405 -> METHOD_NOT_ALLOWED;
			case 413 -> PAYLOAD_TOO_LARGE;
			case 415 -> UNSUPPORTED_MEDIA_TYPE;
			case 429 -> RATE_LIMITED;
			default -> (status >= 400 && status < 500) ? INVALID_REQUEST : INTERNAL_ERROR;
		};
	}

}
