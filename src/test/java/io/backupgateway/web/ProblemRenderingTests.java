package io.backupgateway.web;

import java.util.Arrays;
import java.util.stream.Stream;

import io.backupgateway.access.WebSliceSetup;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.testsupport.TestFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The error contract of docs/design.md 3.2, row by row, through the real security chain,
 * advice and renderer: a small controller raises each failure the way the features do.
 */
@WebMvcTest(controllers = ProblemRenderingTests.Failing.class,
		properties = { "gateway.security.audience=backup-gateway", "gateway.cloud.iam.endpoint=http://127.0.0.1:9",
				"gateway.cloud.iam.domain=d", "gateway.cloud.iam.username=u", "gateway.cloud.iam.password=p",
				"spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:9/jwks" })
@Import({ ProblemRenderingTests.Failing.class, WebSliceSetup.class })
class ProblemRenderingTests {

	@Autowired
	MockMvc mvc;

	@ParameterizedTest
	@EnumSource(ProblemCode.class)
	void everyCodeIsAProblemWithItsStatusTypeAndRequestId(ProblemCode code) throws Exception {
		this.mvc.perform(get("/test/fail/{slug}", code.slug()).with(jwt()).header("X-Request-Id", "req-" + code.slug()))
			.andExpect(status().is(code.status().value()))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("X-Request-Id", "req-" + code.slug()))
			.andExpect(jsonPath("$.type").value("/problems/" + code.slug()))
			.andExpect(jsonPath("$.title").value(code.title()))
			.andExpect(jsonPath("$.status").value(code.status().value()))
			.andExpect(jsonPath("$.detail").value("detail of " + code.slug()))
			.andExpect(jsonPath("$.instance").value("/test/fail/" + code.slug()))
			.andExpect(jsonPath("$.code").value(code.slug()))
			.andExpect(jsonPath("$.request_id").value("req-" + code.slug()));
	}

	@Test
	void carriesRetryAfterAndUpstreamMembers() throws Exception {
		this.mvc.perform(get("/test/throttled").with(jwt()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "30"))
			.andExpect(jsonPath("$.upstream_status").value(429))
			.andExpect(jsonPath("$.upstream_error_code").value("DBS.280443"));
	}

	@Test
	void validationErrorsListTheirFields() throws Exception {
		this.mvc.perform(get("/test/invalid").with(jwt()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("name"))
			.andExpect(jsonPath("$.errors[0].message").value("must start with a letter"));
	}

	@Test
	void anUnexpectedFailureSaysNothingMore() throws Exception {
		this.mvc.perform(get("/test/bug").with(jwt()))
			.andExpect(status().isInternalServerError())
			.andExpect(jsonPath("$.code").value("internal-error"))
			.andExpect(jsonPath("$.detail").value("The request failed unexpectedly."))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("secret-bug"))));
	}

	@Test
	void springsOwnFailuresUseOurCodesAndWords() throws Exception {
		this.mvc.perform(post("/test/echo").with(jwt()).contentType(MediaType.APPLICATION_JSON).content("{broken"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-request"))
			.andExpect(content().string(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("JSON parse"))));
		this.mvc.perform(post("/test/echo").with(jwt()).contentType(MediaType.TEXT_PLAIN).content("x"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(jsonPath("$.code").value("unsupported-media-type"));
		this.mvc.perform(delete("/test/echo").with(jwt()))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(jsonPath("$.code").value("method-not-allowed"));
		this.mvc.perform(get("/test/nothing-here").with(jwt()))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("not-found"));
	}

	@Test
	void theFilterChainAnswers401AsAProblemWithAChallenge() throws Exception {
		this.mvc.perform(get("/test/fail/forbidden"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer")))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("unauthenticated"))
			.andExpect(jsonPath("$.request_id").isNotEmpty());
		this.mvc.perform(get("/test/fail/forbidden").header("Authorization", "Bearer not-a-jwt"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.containsString("invalid_token")))
			.andExpect(jsonPath("$.code").value("unauthenticated"));
	}

	@Test
	void aTokenThatCannotBeCheckedForWantOfKeysIsA503() throws Exception {
		// the JWKS URI of this slice points at a closed port
		this.mvc
			.perform(get("/test/fail/forbidden").header("Authorization",
					"Bearer " + io.backupgateway.testsupport.TestJwts.member("payments")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "5"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value("identity-unavailable"));
	}

	/**
	 * Every code the gateway may answer with a {@code Retry-After} (quota, caller rate,
	 * exports, a throttling or paused cloud, missing credentials or keys, the store) says
	 * it once: a doubled header is a list clients parse differently.
	 */
	@ParameterizedTest
	@EnumSource(ProblemCode.class)
	void everyProblemCarriesItsRetryAfterOnce(ProblemCode code) throws Exception {
		this.mvc.perform(get("/test/retry/{slug}", code.slug()).with(jwt()))
			.andExpect(status().is(code.status().value()))
			.andExpect(header().stringValues("Retry-After", "7"));
	}

	@Test
	void challengesAndRetryAfterFromTheFilterChainAreSentOnce() throws Exception {
		this.mvc.perform(get("/test/fail/forbidden"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().stringValues("WWW-Authenticate", org.hamcrest.Matchers.<String>iterableWithSize(1)));
		this.mvc.perform(get("/test/fail/forbidden").header("Authorization", "Bearer not-a-jwt"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().stringValues("WWW-Authenticate", org.hamcrest.Matchers.<String>iterableWithSize(1)));
		this.mvc
			.perform(get("/test/fail/forbidden").header("Authorization",
					"Bearer " + io.backupgateway.testsupport.TestJwts.member("payments")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().stringValues("Retry-After", "5"));
	}

	@Test
	void anAcceptHeaderCannotHideAProblem() throws Exception {
		this.mvc.perform(get("/test/fail/forbidden").with(jwt()).accept(MediaType.TEXT_HTML))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
	}

	@RestController
	static class Failing {

		@GetMapping("/test/fail/{slug}")
		void fail(@PathVariable String slug) {
			ProblemCode code = Arrays.stream(ProblemCode.values())
				.filter((candidate) -> candidate.slug().equals(slug))
				.findFirst()
				.orElseThrow();
			throw new TestFailure(code, "detail of " + slug);
		}

		@GetMapping("/test/retry/{slug}")
		void retry(@PathVariable String slug) {
			ProblemCode code = Arrays.stream(ProblemCode.values())
				.filter((candidate) -> candidate.slug().equals(slug))
				.findFirst()
				.orElseThrow();
			throw new TestFailure(code, "detail of " + slug).retryAfter(7);
		}

		@GetMapping("/test/throttled")
		void throttled() {
			throw new TestFailure(ProblemCode.UPSTREAM_THROTTLED, "slow down").with("upstream_status", 429)
				.with("upstream_error_code", "DBS.280443")
				.retryAfter(30);
		}

		@GetMapping("/test/invalid")
		void invalid() {
			throw new TestFailure(ProblemCode.INVALID_REQUEST, "bad")
				.withErrors(Stream.of(new GatewayFailure.FieldError("name", "must start with a letter")).toList());
		}

		@GetMapping("/test/bug")
		void bug() {
			throw new IllegalStateException("secret-bug");
		}

		@PostMapping(path = "/test/echo", consumes = MediaType.APPLICATION_JSON_VALUE)
		String echo(@RequestBody Echo body) {
			return body.value();
		}

		record Echo(String value) {
		}

	}

}
