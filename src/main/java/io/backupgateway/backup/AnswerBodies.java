package io.backupgateway.backup;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.idempotency.KeyClaim;
import io.backupgateway.web.Problems;
import io.backupgateway.web.RequestMeta;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * The answers a create or delete keeps under its {@code Idempotency-Key}, as the very
 * bytes its caller gets: bodies and problems are written by {@code web}'s own renderer,
 * the one that sends them (docs/design.md 3.4).
 */
@Component
class AnswerBodies {

	private final Problems problems;

	AnswerBodies(Problems problems) {
		this.problems = problems;
	}

	/**
	 * An accepted request's answer.
	 * @param status the status
	 * @param body the body, as JSON
	 * @return the answer
	 */
	Answered accepted(int status, Object body) {
		return new Answered(status, MediaType.APPLICATION_JSON_VALUE, this.problems.json(body), false);
	}

	/** An answer as the key keeps it. */
	static KeyClaim.Answer kept(Answered answered) {
		return new KeyClaim.Answer(answered.status(), null, answered.contentType(), answered.body());
	}

	/** A problem as its caller gets it, as the key keeps it. */
	KeyClaim.Answer kept(GatewayFailure problem, RequestMeta meta) {
		return new KeyClaim.Answer(problem.code().status().value(), problem.code().slug(),
				MediaType.APPLICATION_PROBLEM_JSON_VALUE,
				this.problems.json(this.problems.problemOf(problem, meta.requestId(), meta.path())));
	}

}
