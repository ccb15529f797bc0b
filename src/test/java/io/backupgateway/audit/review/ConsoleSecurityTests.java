package io.backupgateway.audit.review;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.OidcLoginRequestPostProcessor;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.oidcLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit console's own security chain (docs/design.md 3.7) through MockMvc on the
 * whole application: sign-in with PKCE, CSRF on every form, the Content-Security-Policy,
 * the same read rules as the API, logout, and an API chain that never takes a console
 * session for a caller.
 */
class ConsoleSecurityTests {

	static final String IDP = "spring.security.oauth2.client.registration.idp.";

	static final String PROVIDER = "spring.security.oauth2.client.provider.idp.";

	@Nested
	@SpringBootTest(properties = { IDP + "client-id=console", IDP + "client-secret=console-secret",
			IDP + "authorization-grant-type=authorization_code", IDP + "scope=openid",
			IDP + "redirect-uri={baseUrl}/console/login/oauth2/code/{registrationId}",
			PROVIDER + "authorization-uri=https://idp.example.com/authorize",
			PROVIDER + "token-uri=https://idp.example.com/token", PROVIDER + "jwk-set-uri=https://idp.example.com/jwks",
			PROVIDER + "user-name-attribute=sub", "gateway.console.session-timeout=7m" })
	@AutoConfigureMockMvc
	@ActiveProfiles("module")
	class On {

		@Autowired
		MockMvc mvc;

		@Test
		void withoutASessionThePersonIsSentToSignInWithPkce() throws Exception {
			this.mvc.perform(get("/console/"))
				.andExpect(status().isFound())
				.andExpect(redirectedUrl("/console/oauth2/authorization/idp"));
			MvcResult authorize = this.mvc.perform(get("/console/oauth2/authorization/idp"))
				.andExpect(status().isFound())
				.andReturn();
			assertThat(authorize.getResponse().getRedirectedUrl()).startsWith("https://idp.example.com/authorize?")
				.contains("response_type=code", "client_id=console", "scope=openid", "code_challenge=",
						"code_challenge_method=S256", "nonce=", "state=")
				.contains("redirect_uri=http://localhost/console/login/oauth2/code/idp");
		}

		@Test
		void everyPageCarriesAContentSecurityPolicyThatAllowsNoScript() throws Exception {
			for (String page : List.of("/console/", "/console/trail", "/console/signed-out", "/console/denied")) {
				this.mvc.perform(get(page).with(person("carol", List.of(), "audit:read")))
					.andExpect(header().string("Content-Security-Policy", containsString("default-src 'none'")))
					.andExpect(header().string("Content-Security-Policy", not(containsString("script-src"))))
					.andExpect(header().string("Content-Security-Policy", not(containsString("unsafe"))))
					.andExpect(header().string("X-Frame-Options", "DENY"))
					.andExpect(content().string(not(containsString("<script"))));
			}
		}

		@Test
		void everyFormCarriesACsrfTokenAndAPostWithoutOneIsRefused() throws Exception {
			this.mvc.perform(get("/console/trail").with(person("carol", List.of(), "audit:read")))
				.andExpect(status().isOk())
				.andExpect(content().string(containsString("name=\"_csrf\"")));
			this.mvc.perform(post("/console/trail/verify").with(person("carol", List.of(), "audit:read")))
				.andExpect(status().isForbidden());
			this.mvc.perform(post("/console/trail/verify").with(person("carol", List.of(), "audit:read")).with(csrf()))
				.andExpect(status().isFound())
				.andExpect(redirectedUrl("/console/trail"));
			this.mvc.perform(post("/console/logout").with(person("carol", List.of(), "audit:read")))
				.andExpect(status().isForbidden());
		}

		@Test
		void theSameReadRulesAsTheApi() throws Exception {
			this.mvc.perform(get("/console/").with(person("dave", List.of("payments"), "")))
				.andExpect(status().isForbidden())
				.andExpect(content().string(containsString("No access")));
			this.mvc
				.perform(get("/console/").param("team", "search")
					.with(person("alice", List.of("payments"), "backup:create")))
				.andExpect(status().isForbidden())
				.andExpect(content().string(containsString("not a member of team &#39;search&#39;")));
			this.mvc
				.perform(get("/console/").param("team", "payments")
					.with(person("alice", List.of("payments"), "backup:create")))
				.andExpect(status().isOk());
			this.mvc.perform(get("/console/trail").with(person("alice", List.of("payments"), "backup:create")))
				.andExpect(status().isForbidden());
			this.mvc.perform(get("/console/").param("from", "yesterday").with(person("carol", List.of(), "audit:read")))
				.andExpect(status().isBadRequest())
				.andExpect(content().string(containsString("from")));
		}

		@Test
		void theApiNeverTakesAConsoleSessionForACaller() throws Exception {
			MockHttpSession session = sessionOf("carol", List.of(), "audit:read");
			this.mvc.perform(get("/console/").session(session)).andExpect(status().isOk());
			this.mvc.perform(get("/v1/audit").session(session)).andExpect(status().isUnauthorized());
			this.mvc.perform(get("/v1/audit/verify").session(session)).andExpect(status().isUnauthorized());
		}

		@Test
		void aSessionLivesTheConfiguredIdleTimeout(@Autowired org.springframework.core.env.Environment environment) {
			assertThat(environment.getProperty("server.servlet.session.timeout", java.time.Duration.class))
				.isEqualTo(java.time.Duration.ofMinutes(7));
			assertThat(environment.getProperty("server.servlet.session.cookie.http-only")).isEqualTo("true");
			assertThat(environment.getProperty("server.servlet.session.cookie.secure")).isEqualTo("true");
			assertThat(environment.getProperty("server.servlet.session.cookie.same-site")).isEqualTo("lax");
			assertThat(environment.getProperty("server.servlet.session.cookie.path")).isEqualTo("/console");
		}

		@Test
		void signingOutEndsTheSession() throws Exception {
			MockHttpSession session = sessionOf("carol", List.of(), "audit:read");
			this.mvc.perform(post("/console/logout").session(session).with(csrf()))
				.andExpect(status().isFound())
				.andExpect(redirectedUrl("/console/signed-out"));
			assertThat(session.isInvalid()).isTrue();
		}

	}

	@Nested
	@SpringBootTest
	@AutoConfigureMockMvc
	@ActiveProfiles("module")
	class Off {

		@Autowired
		MockMvc mvc;

		@Autowired
		ApplicationContext context;

		@Test
		void withoutAnIdpRegistrationThereIsNoConsole() throws Exception {
			assertThat(this.context.getBeanNamesForType(ConsolePages.class)).isEmpty();
			this.mvc.perform(get("/console/")).andExpect(status().isUnauthorized());
			this.mvc.perform(get("/console/oauth2/authorization/idp")).andExpect(status().isUnauthorized());
		}

	}

	static OidcLoginRequestPostProcessor person(String subject, List<String> teams, String permissions) {
		return oidcLogin().idToken((token) -> token.subject(subject)
			.claim("preferred_username", subject)
			.claim("teams", teams)
			.claim("scope", permissions));
	}

	/** A session as the console's sign-in leaves it. */
	static MockHttpSession sessionOf(String subject, List<String> teams, String permissions) {
		OidcIdToken token = OidcIdToken.withTokenValue("id-token")
			.subject(subject)
			.claims((claims) -> claims
				.putAll(Map.of("preferred_username", subject, "teams", teams, "scope", permissions)))
			.issuedAt(java.time.Instant.now())
			.expiresAt(java.time.Instant.now().plusSeconds(600))
			.build();
		DefaultOidcUser user = new DefaultOidcUser(AuthorityUtils.createAuthorityList("OIDC_USER"), token);
		MockHttpSession session = new MockHttpSession();
		session.setAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
				new SecurityContextImpl(new OAuth2AuthenticationToken(user, user.getAuthorities(), "idp")));
		return session;
	}

}
