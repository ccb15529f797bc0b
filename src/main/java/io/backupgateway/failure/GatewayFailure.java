package io.backupgateway.failure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The base of the failures the gateway's modules throw, each a class of its own named for
 * what happened. It carries the {@link ProblemCode} the caller is told, a {@code detail}
 * that is always text written by us, never a third party's message, and the members a
 * problem adds; {@code web} renders it (docs/design.md 3.2).
 */
public class GatewayFailure extends RuntimeException {

	private final ProblemCode code;

	private final String detail;

	private final Map<String, Object> members = new LinkedHashMap<>();

	private @Nullable Long retryAfterSeconds;

	protected GatewayFailure(ProblemCode code, String detail) {
		this(code, detail, null);
	}

	protected GatewayFailure(ProblemCode code, String detail, @Nullable Throwable cause) {
		super(detail, cause);
		this.code = Objects.requireNonNull(code);
		this.detail = Objects.requireNonNull(detail);
	}

	public ProblemCode code() {
		return this.code;
	}

	/** What the caller is told, written by us. */
	public String detail() {
		return this.detail;
	}

	/**
	 * Adds the {@code errors} member of a validation problem.
	 * @param errors one entry per broken rule
	 * @return this failure
	 */
	public GatewayFailure withErrors(List<FieldError> errors) {
		this.members.put("errors", List.copyOf(errors));
		return this;
	}

	/**
	 * Adds an extension member.
	 * @param name the member name, snake_case
	 * @param value its value; {@code null} leaves the member out
	 * @return this failure
	 */
	public GatewayFailure with(String name, @Nullable Object value) {
		if (value != null) {
			this.members.put(name, value);
		}
		return this;
	}

	/**
	 * Sets when a retry makes sense ({@code Retry-After}).
	 * @param seconds whole seconds, at least 1
	 * @return this failure
	 */
	public GatewayFailure retryAfter(long seconds) {
		this.retryAfterSeconds = Math.max(1, seconds);
		return this;
	}

	/** The members the problem adds, in the order they were added. */
	public Map<String, Object> members() {
		return Collections.unmodifiableMap(this.members);
	}

	/** Whole seconds after which a retry makes sense, if the failure says. */
	public @Nullable Long retryAfterSeconds() {
		return this.retryAfterSeconds;
	}

	/**
	 * Whether the answer to this failure is logged, as every problem is (docs/design.md
	 * 3.6); false for a failure counted and logged where it happens.
	 * @return whether to log it
	 */
	public boolean logged() {
		return true;
	}

	@Override
	public String getMessage() {
		return this.code.slug() + ": " + this.detail;
	}

	/**
	 * One broken rule of a request.
	 *
	 * @param field the field, path variable or header
	 * @param message what is wrong, in words a caller can act on
	 */
	public record FieldError(String field, String message) {
	}

}
