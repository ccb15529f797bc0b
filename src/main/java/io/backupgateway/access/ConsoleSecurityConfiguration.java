package io.backupgateway.access;

import io.backupgateway.config.ConsoleSettings;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The audit console's own chain (docs/design.md 3.7), before the API's: OpenID Connect
 * sign-in with the {@code idp} registration (authorization code with PKCE), a server
 * session, CSRF tokens on every form, logout that ends the session, and a
 * Content-Security-Policy that allows no script at all. Only {@code /console/**}: the API
 * chain stays stateless and bearer-only, so a console session never authorizes an API
 * call. Off (no chain, no pages) without an {@code idp} registration.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = ConsoleSecurityConfiguration.REGISTRATION)
class ConsoleSecurityConfiguration {

	/** The property whose presence turns the console on. */
	static final String REGISTRATION = "spring.security.oauth2.client.registration.idp.client-id";

	/**
	 * No script, no frames, no foreign forms: the pages are plain HTML and one
	 * stylesheet.
	 */
	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
			+ "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

	static final String AUTHORIZATION_BASE = "/console/oauth2/authorization";

	@Bean
	@Order(1)
	SecurityFilterChain consoleSecurity(HttpSecurity http, ClientRegistrationRepository registrations,
			ConsoleSettings console) throws Exception {
		DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(registrations,
				AUTHORIZATION_BASE);
		pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		// @formatter:off
		http.securityMatcher("/console", "/console/**")
			.authorizeHttpRequests((requests) -> requests
				.requestMatchers("/console/assets/**", "/console/signed-out").permitAll()
				.anyRequest().authenticated())
			.oauth2Login((login) -> login
				.loginPage(AUTHORIZATION_BASE + "/idp")
				.authorizationEndpoint((authorization) -> authorization.authorizationRequestResolver(pkce))
				.redirectionEndpoint((redirection) -> redirection.baseUri("/console/login/oauth2/code/*"))
				.defaultSuccessUrl("/console/", false))
			.logout((logout) -> logout
				.logoutUrl("/console/logout")
				.logoutSuccessUrl("/console/signed-out")
				.invalidateHttpSession(true)
				.clearAuthentication(true)
				.deleteCookies(ConsoleSession.COOKIE))
			.sessionManagement((sessions) -> sessions
				.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
				.sessionFixation((fixation) -> fixation.changeSessionId()))
			.exceptionHandling((exceptions) -> exceptions
				.accessDeniedPage("/console/denied"))
			.headers((headers) -> headers
				.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
				.frameOptions((frames) -> frames.deny()));
		// @formatter:on
		return http.build();
	}

}
