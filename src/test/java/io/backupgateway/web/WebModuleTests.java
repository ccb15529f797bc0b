package io.backupgateway.web;

import io.backupgateway.failure.ProblemCode;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web foundation on its own: the one renderer writes a complete problem, with the
 * request's id, for errors raised outside Spring MVC.
 */
@ApplicationModuleTest
@ActiveProfiles("module")
class WebModuleTests {

	final Problems problems;

	WebModuleTests(Problems problems) {
		this.problems = problems;
	}

	@Test
	void writesACompleteProblemWithTheRequestId() throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/anything");
		request.setAttribute(RequestIdFilter.ATTRIBUTE, "req-web-1");
		MockHttpServletResponse response = new MockHttpServletResponse();

		this.problems.write(ProblemCode.FORBIDDEN, "not yours", request, response);

		assertThat(response.getStatus()).isEqualTo(403);
		assertThat(response.getContentType()).startsWith("application/problem+json");
		JsonNode body = JsonMapper.builder().build().readTree(response.getContentAsString());
		assertThat(body.get("code").stringValue()).isEqualTo("forbidden");
		assertThat(body.get("type").stringValue()).isEqualTo("/problems/forbidden");
		assertThat(body.get("detail").stringValue()).isEqualTo("not yours");
		assertThat(body.get("instance").stringValue()).isEqualTo("/v1/anything");
		assertThat(body.get("request_id").stringValue()).isEqualTo("req-web-1");
	}

}
