package io.backupgateway.web;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The one base class for the gateway's failures. It carries a {@link ProblemCode}; the
 * {@code detail} is always text written by us, never a third party's message.
 */
public class GatewayException extends ErrorResponseException {

	private final ProblemCode code;

	public GatewayException(ProblemCode code, String detail) {
		this(code, detail, null);
	}

	public GatewayException(ProblemCode code, String detail, @Nullable Throwable cause) {
		super(code.status(), ProblemDetail.forStatusAndDetail(code.status(), detail), cause);
		this.code = code;
		getBody().setType(code.type());
		getBody().setTitle(code.title());
		getBody().setProperty("code", code.slug());
	}

	public ProblemCode code() {
		return this.code;
	}

	/**
	 * Adds the {@code errors} member of a validation problem.
	 * @param errors one entry per broken rule
	 * @return this exception
	 */
	public GatewayException withErrors(List<FieldError> errors) {
		getBody().setProperty("errors", List.copyOf(errors));
		return this;
	}

	/**
	 * Adds an extension member.
	 * @param name the member name, snake_case
	 * @param value its value; {@code null} leaves the member out
	 * @return this exception
	 */
	public GatewayException with(String name, @Nullable Object value) {
		if (value != null) {
			getBody().setProperty(name, value);
		}
		return this;
	}

	/**
	 * Sets {@code Retry-After} in seconds.
	 * @param seconds whole seconds, at least 1
	 * @return this exception
	 */
	public GatewayException retryAfter(long seconds) {
		getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds)));
		return this;
	}

	@Override
	public String getMessage() {
		return this.code.slug() + ": " + getBody().getDetail();
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
