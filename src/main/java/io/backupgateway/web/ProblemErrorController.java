package io.backupgateway.web;

import io.backupgateway.failure.ProblemCode;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error page for errors the servlet container raises itself (outside
 * Spring MVC), so those answers are problem+json too.
 */
@RestController
class ProblemErrorController implements ErrorController {

	private final Problems problems;

	ProblemErrorController(Problems problems) {
		this.problems = problems;
	}

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		int code = (status instanceof Integer value && value >= 400) ? value : 404;
		ProblemCode problemCode = ProblemCode.forStatus(code);
		ProblemDetail body = ProblemDetail.forStatusAndDetail(problemCode.status(), switch (problemCode) {
			case NOT_FOUND -> "No resource at this path.";
			case INTERNAL_ERROR -> "The request failed unexpectedly.";
			default -> "The request could not be processed.";
		});
		body.setStatus(code);
		this.problems.complete(body, problemCode, request);
		Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (original instanceof String uri) {
			body.setInstance(Problems.pathOf(uri));
		}
		return ResponseEntity.status(code).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
	}

}
