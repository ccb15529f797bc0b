package io.backupgateway.web;

import java.nio.charset.StandardCharsets;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The single exit for errors raised inside Spring MVC, and the one place a failure
 * becomes an HTTP answer. Our own failures arrive as a {@link GatewayFailure} of the
 * module that threw it, carrying its {@link ProblemCode}; Spring's are mapped onto the
 * closest {@link ProblemCode}, with a detail written by us. Anything else is a bug: 500
 * {@code internal-error}, and the body says nothing more.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

	private final Problems problems;

	ProblemDetailsAdvice(Problems problems) {
		this.problems = problems;
	}

	/**
	 * A failure of ours, as its problem: the very bytes a flow keeps under an
	 * {@code Idempotency-Key} when it keeps this answer ({@link Problems#problemOf},
	 * {@link Problems#json}).
	 */
	@ExceptionHandler(GatewayFailure.class)
	ResponseEntity<Object> handleFailure(GatewayFailure failure, HttpServletRequest request) {
		ProblemDetail problem = this.problems.problemOf(failure, RequestIdFilter.requestId(request),
				request.getRequestURI());
		if (failure.logged()) {
			this.problems.log(problem, request, failure);
		}
		HttpHeaders headers = new HttpHeaders();
		if (failure.retryAfterSeconds() != null) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(failure.retryAfterSeconds()));
		}
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return ResponseEntity.status(failure.code().status())
			.headers(headers)
			.body(this.problems.json(problem).getBytes(StandardCharsets.UTF_8));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(ProblemCode.INTERNAL_ERROR.status(),
				"The request failed unexpectedly.");
		return render(ex, body, new HttpHeaders(), ProblemCode.INTERNAL_ERROR, request);
	}

	/**
	 * The firewall checks parameter names only when they are first read, inside a
	 * controller: a name it refuses is the caller's mistake, not a bug.
	 */
	@ExceptionHandler(RequestRejectedException.class)
	ResponseEntity<Object> handleRejected(RequestRejectedException ex, WebRequest request) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(ProblemCode.INVALID_REQUEST.status(),
				"A query parameter's name or value holds a character that is not allowed.");
		return render(ex, body, new HttpHeaders(), ProblemCode.INVALID_REQUEST, request);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
			HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
		ProblemCode code = ProblemCode.forStatus(statusCode.value());
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(statusCode, detailFor(ex, code));
		problem.setType(code.type());
		problem.setTitle(code.title());
		problem.setProperty("code", code.slug());
		return render(ex, problem, headers, code, request);
	}

	private ResponseEntity<Object> render(Exception ex, ProblemDetail problem, HttpHeaders headers, ProblemCode code,
			WebRequest request) {
		HttpServletRequest servletRequest = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
		if (servletRequest != null) {
			this.problems.complete(problem, code, servletRequest);
			this.problems.log(problem, servletRequest, ex);
		}
		// Spring passes an ErrorResponse's own headers in as well: set, never add, so
		// that
		// each header is sent once (a doubled Retry-After is a list clients read
		// differently)
		HttpHeaders responseHeaders = new HttpHeaders();
		headers.forEach(responseHeaders::put);
		if (ex instanceof ErrorResponse errorResponse) {
			errorResponse.getHeaders().forEach(responseHeaders::put);
		}
		// preset, so an Accept header that excludes problem+json cannot turn this into a
		// 406
		responseHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return ResponseEntity.status(problem.getStatus()).headers(responseHeaders).body(problem);
	}

	private static String detailFor(Exception ex, ProblemCode code) {
		if (ex instanceof HttpRequestMethodNotSupportedException unsupported) {
			return "Method " + unsupported.getMethod() + " is not supported here.";
		}
		if (ex instanceof HttpMediaTypeNotSupportedException) {
			return "The request body must be application/json.";
		}
		return switch (code) {
			case NOT_FOUND -> "No resource at this path.";
			case INTERNAL_ERROR -> "The request failed unexpectedly.";
			default -> "The request could not be processed.";
		};
	}

}
