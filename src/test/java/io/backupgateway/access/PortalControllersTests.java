package io.backupgateway.access;

import java.util.List;

import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.ownership.OwnershipSlice;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static io.backupgateway.access.CallerJwts.jwt;
import static io.backupgateway.access.CallerJwts.memberOf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /v1/me} and {@code GET /v1/teams/{team}/instances} (docs/design.md 3.4, 3.5)
 * through the real security chain, caller conversion and team directory.
 */
@WebMvcTest({ MeController.class, TeamInstancesController.class })
@ActiveProfiles("slice")
@Import({ WebSliceSetup.class, OwnershipSlice.class, TeamDirectory.class })
class PortalControllersTests {

	@Autowired
	MockMvc mvc;

	/** The ownership module's, never called: the slice reads teams from configuration. */
	@MockitoBean
	GeminiDb geminiDb;

	@Test
	void meNeedsATokenAndShowsItsClaimsSorted() throws Exception {
		this.mvc.perform(get("/v1/me")).andExpect(status().isUnauthorized());
		this.mvc
			.perform(get("/v1/me").with(jwt((claims) -> claims.claim("teams", List.of("search", "payments"))
				.claim("scope", "backup:create audit:read"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.subject").value("alice"))
			.andExpect(jsonPath("$.name").value("alice.smith"))
			.andExpect(jsonPath("$.teams[0]").value("payments"))
			.andExpect(jsonPath("$.teams[1]").value("search"))
			.andExpect(jsonPath("$.permissions[0]").value("audit:read"));
	}

	@Test
	void instancesAreForMembersOfAValidTeam() throws Exception {
		this.mvc.perform(get("/v1/teams/payments/instances")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/v1/teams/-bad/instances").with(memberOf("payments")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("team"));
		this.mvc.perform(get("/v1/teams/payments/instances").with(memberOf("search")))
			.andExpect(status().isForbidden());
		this.mvc.perform(get("/v1/teams/payments/instances").with(memberOf("payments")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.team").value("payments"))
			.andExpect(jsonPath("$.instances[0].instance_id").value("a4d8ea2584e047439a667703c0684119in06"))
			.andExpect(jsonPath("$.instances[0].project").value("eu-de-prod"))
			.andExpect(jsonPath("$.instances[0].project_id").value("054e292c9880d4992f02c0196d3ea468"));
	}

}
