package io.backupgateway.cloud;

import org.jspecify.annotations.Nullable;

/**
 * A call to the cloud (IAM or GeminiDB) that did not succeed, as the cloud module sees
 * it: what kind of failure, and what the cloud said. {@link #problem()} is what a caller
 * is told by default; the feature that made the call may tell it otherwise
 * (docs/design.md 3.2). The message is always text written by us, never the cloud's.
 */
public class CloudFailure extends RuntimeException {

	/** What went wrong, as far as the gateway can tell. */
	public enum Kind {

		/** The cloud refused the request (its 400, 403, 404, 409, 412 or 422). */
		REJECTED,
		/** The cloud answered 429. */
		THROTTLED,
		/**
		 * The cloud failed: a 5xx, an unreadable answer, another 4xx, a token refused
		 * twice, a lost or never opened connection.
		 */
		ERROR,
		/** No answer within the response timeout. */
		TIMEOUT,
		/** Calls to the project's endpoint are paused by its circuit breaker. */
		PAUSED,
		/** No IAM token could be obtained. */
		CREDENTIALS

	}

	private final Kind kind;

	private final @Nullable Integer upstreamStatus;

	private final @Nullable String errorCode;

	private final @Nullable String errorMessage;

	private final @Nullable Long retryAfterSeconds;

	private final boolean mayHaveCreated;

	/**
	 * @param kind what went wrong
	 * @param detail our own explanation
	 * @param upstream what the cloud answered, when it answered
	 * @param retryAfterSeconds when a retry makes sense, if known
	 * @param cause the underlying exception, if any
	 * @param mayHaveCreated whether the cloud may have done what was asked although it
	 * did not say so (docs/design.md 3.4, "Ambiguous answers")
	 */
	public CloudFailure(Kind kind, String detail, @Nullable UpstreamError upstream, @Nullable Long retryAfterSeconds,
			@Nullable Throwable cause, boolean mayHaveCreated) {
		super(detail, cause);
		this.kind = kind;
		this.mayHaveCreated = mayHaveCreated;
		this.upstreamStatus = (upstream != null) ? upstream.status() : null;
		this.errorCode = (upstream != null) ? upstream.errorCode() : null;
		this.errorMessage = (upstream != null) ? upstream.errorMessage() : null;
		this.retryAfterSeconds = retryAfterSeconds;
	}

	/** A failure that is ambiguous only when the cloud did not answer in time. */
	public CloudFailure(Kind kind, String detail, @Nullable UpstreamError upstream, @Nullable Long retryAfterSeconds,
			@Nullable Throwable cause) {
		this(kind, detail, upstream, retryAfterSeconds, cause, kind == Kind.TIMEOUT);
	}

	public CloudFailure(Kind kind, String detail) {
		this(kind, detail, null, null, null);
	}

	public CloudFailure(Kind kind, String detail, Throwable cause) {
		this(kind, detail, null, null, cause);
	}

	public Kind kind() {
		return this.kind;
	}

	/**
	 * What a caller is told of this failure, unless the feature that made the call knows
	 * better (a delete's "already gone", for one).
	 * @return the problem
	 */
	public UpstreamFailed problem() {
		return new UpstreamFailed(this, UpstreamFailed.codeOf(this.kind));
	}

	/**
	 * This failure told as another problem code, with the cloud's details.
	 * @param code the code
	 * @return the problem
	 */
	public UpstreamFailed problem(io.backupgateway.failure.ProblemCode code) {
		return new UpstreamFailed(this, code);
	}

	/** The cloud's HTTP status, when it answered. */
	public @Nullable Integer upstreamStatus() {
		return this.upstreamStatus;
	}

	/** The cloud's {@code error_code}, when it sent one. */
	public @Nullable String errorCode() {
		return this.errorCode;
	}

	/** The cloud's {@code error_msg}, when it sent one. */
	public @Nullable String errorMessage() {
		return this.errorMessage;
	}

	/** Whole seconds after which a retry makes sense, when known. */
	public @Nullable Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	/**
	 * Whether the cloud may have done what was asked although it did not say so: it did
	 * not answer in time, lost the connection after the request was sent, answered 5xx,
	 * or answered 2xx with a body that cannot be read. A refusal, a 429, a connection
	 * that never opened or a missing token is never ambiguous: nothing was done.
	 * @return whether the outcome is open
	 */
	public boolean mayHaveCreated() {
		return this.mayHaveCreated;
	}

	/**
	 * Whether this failure says the GeminiDB endpoint itself is failing, which is what
	 * the circuit breaker counts (docs/design.md section 7).
	 */
	public boolean isEndpointFailure() {
		return this.kind == Kind.ERROR || this.kind == Kind.TIMEOUT;
	}

	/**
	 * What the cloud answered to a failed call.
	 *
	 * @param status its HTTP status
	 * @param errorCode its {@code error_code}, if any
	 * @param errorMessage its {@code error_msg}, if any
	 */
	public record UpstreamError(int status, @Nullable String errorCode, @Nullable String errorMessage) {
	}

}
