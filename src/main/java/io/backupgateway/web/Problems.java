package io.backupgateway.web;

import java.io.IOException;
import java.net.URI;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The single place that finishes a problem body: every error the gateway answers, from
 * the filter chain or from a controller, goes through {@link #complete}. It also owns the
 * logging policy (docs/design.md 3.6): a bug (500) at ERROR with its stack trace, every
 * other problem at WARN without one.
 */
@Component
public class Problems {

	private static final Logger log = LoggerFactory.getLogger(Problems.class);

	private final JsonMapper json;

	public Problems(JsonMapper json) {
		this.json = json;
	}

	/**
	 * Fills the members every problem carries: {@code type}, {@code title}, {@code code},
	 * {@code instance} and {@code request_id}.
	 * @param body the problem
	 * @param fallback the code to use when the body has none yet
	 * @param request the request that failed
	 * @return the same body
	 */
	ProblemDetail complete(ProblemDetail body, ProblemCode fallback, HttpServletRequest request) {
		Object code = (body.getProperties() != null) ? body.getProperties().get("code") : null;
		if (code == null) {
			body.setProperty("code", fallback.slug());
			body.setType(fallback.type());
			body.setTitle(fallback.title());
		}
		if (body.getDetail() == null) {
			body.setDetail(body.getTitle());
		}
		body.setInstance(pathOf(request.getRequestURI()));
		body.setProperty("request_id", RequestIdFilter.requestId(request));
		return body;
	}

	/**
	 * A failure as the problem its caller gets: {@code type}, {@code title},
	 * {@code code}, the detail, the members the failure added in order, {@code instance}
	 * and {@code request_id}.
	 * @param failure the failure
	 * @param requestId the request's id
	 * @param path the request's path, if known
	 * @return the problem
	 */
	public ProblemDetail problemOf(GatewayFailure failure, String requestId, @Nullable String path) {
		ProblemCode code = failure.code();
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), failure.detail());
		problem.setType(code.type());
		problem.setTitle(code.title());
		problem.setProperty("code", code.slug());
		failure.members().forEach(problem::setProperty);
		if (path != null) {
			problem.setInstance(pathOf(path));
		}
		problem.setProperty("request_id", requestId);
		return problem;
	}

	/**
	 * The body of an answer exactly as it is sent: what the idempotency store keeps of an
	 * answer must be byte for byte what the caller got (docs/design.md 3.4).
	 * @param body a problem or any other JSON body
	 * @return its JSON text
	 */
	public String json(Object body) {
		return this.json.writeValueAsString(body);
	}

	static URI pathOf(String rawPath) {
		try {
			return URI.create(rawPath);
		}
		catch (IllegalArgumentException ex) {
			return URI.create(
					org.springframework.web.util.UriUtils.encodePath(rawPath, java.nio.charset.StandardCharsets.UTF_8));
		}
	}

	void log(ProblemDetail body, HttpServletRequest request, Throwable cause) {
		String line = "{} {} -> {} {}: {}";
		Object[] args = { LogText.of(request.getMethod()), LogText.of(request.getRequestURI()), body.getStatus(),
				body.getProperties() != null ? body.getProperties().get("code") : null,
				LogText.text(body.getDetail()) };
		if (ProblemCode.INTERNAL_ERROR.slug().equals(args[3])) {
			// a bug: the one case worth a stack trace (docs/design.md 3.6)
			log.error(line, args[0], args[1], args[2], args[3], args[4], cause);
		}
		else {
			// a caller's mistake, or an expected failure of the cloud, IAM or the store:
			// the code says which, a stack trace would say nothing more
			log.warn(line, args);
		}
	}

	/**
	 * Writes a problem straight to the servlet response, for errors raised outside Spring
	 * MVC (the security filter chain).
	 * @param code the problem code
	 * @param detail our own explanation
	 * @param request the request
	 * @param response the response, whose status and headers may already be set
	 * @throws IOException when the body cannot be written
	 */
	public void write(ProblemCode code, String detail, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(code.status(), detail);
		complete(body, code, request);
		response.setStatus(code.status().value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding("UTF-8");
		this.json.writeValue(response.getOutputStream(), body);
	}

}
