package io.backupgateway.access;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import io.backupgateway.config.SecuritySettings;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.web.ProblemSecurityHandlers;
import io.backupgateway.web.Problems;
import jakarta.servlet.DispatcherType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.server.resource.OAuth2ProtectedResourceMetadata;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.client.RestTemplate;

/**
 * Deny by default: only health, info, metrics and the API docs are open; every other path
 * needs a valid JWT. Permissions and team membership are not decided here but in
 * {@link AccessPolicy}, where a denial can be audited (invariant 2).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, CallerJwtConverter callers, ProblemSecurityHandlers problems,
			SecuritySettings security) throws Exception {
		// @formatter:off
		http
			.authorizeHttpRequests((requests) -> requests
				.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
				.requestMatchers("/error").permitAll()
				.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
				.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**").permitAll()
				.anyRequest().authenticated())
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(callers))
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems)
				.protectedResourceMetadata((metadata) -> metadata
					.protectedResourceMetadataCustomizer((resource) -> describe(resource, security)))
				.withObjectPostProcessor(new ObjectPostProcessor<BearerTokenAuthenticationFilter>() {
					@Override
					public <O extends BearerTokenAuthenticationFilter> O postProcess(O filter) {
						filter.setAuthenticationFailureHandler(problems);
						return filter;
					}
				}))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(problems)
				.accessDeniedHandler(problems))
			.sessionManagement((sessions) -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.requestCache(AbstractHttpConfigurer::disable)
			.csrf(AbstractHttpConfigurer::disable)
			.httpBasic(AbstractHttpConfigurer::disable)
			.formLogin(AbstractHttpConfigurer::disable)
			.logout(AbstractHttpConfigurer::disable);
		// @formatter:on
		return http.build();
	}

	@Bean
	StrictHttpFirewall httpFirewall() {
		return new GatewayFirewall();
	}

	/**
	 * A request the firewall refuses gets the same problem+json as every other error,
	 * {@code 400 invalid-request}, and its body is not read (docs/design.md 3.4).
	 * @return the handler
	 */
	@Bean
	RequestRejectedHandler requestRejectedHandler(Problems problems) {
		return (request, response, rejected) -> problems.write(ProblemCode.INVALID_REQUEST,
				(rejected instanceof GatewayFirewall.Refused) ? rejected.getMessage()
						: "The request's path or headers are not acceptable: an encoded slash or period, a path that"
								+ " is not normalised, or a control character.",
				request, response);
	}

	/**
	 * Fetching the identity provider's keys gets generous but bounded timeouts: a slow
	 * identity provider must not fail token checks after half a second, nor hang them.
	 * @return the customizer of Boot's JWKS decoder
	 */
	@Bean
	JwkSetUriJwtDecoderBuilderCustomizer jwksTimeouts(Environment environment, ObjectProvider<Clock> clocks) {
		Clock clock = clocks.getIfAvailable(Clock::systemUTC);
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(Duration.ofSeconds(2));
		requests.setReadTimeout(Duration.ofSeconds(5));
		RestTemplate jwks = new RestTemplate(requests);
		String uri = environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
		return (builder) -> {
			builder.restOperations(jwks);
			if (uri != null) {
				builder.jwtProcessorCustomizer((processor) -> throttleKeyFetches(processor, jwks, uri, clock));
			}
		};
	}

	/**
	 * Replaces the key selection with one that refetches the key set at most once per 30
	 * seconds (docs/design.md section 4), for the algorithms Boot configured.
	 */
	private static void throttleKeyFetches(ConfigurableJWTProcessor<SecurityContext> processor, RestTemplate jwks,
			String uri, Clock clock) {
		Predicate<JWSAlgorithm> algorithms = (processor
			.getJWSKeySelector() instanceof JWSVerificationKeySelector<SecurityContext> configured)
					? configured::isAllowed : JWSAlgorithm.RS256::equals;
		processor.setJWSKeySelector(new ThrottledSigningKeys(() -> {
			try {
				return JWKSet.parse(Objects.requireNonNull(jwks.getForObject(uri, String.class)));
			}
			catch (java.text.ParseException ex) {
				throw new IllegalStateException("the key set is not a JWK set", ex);
			}
		}, algorithms, clock));
	}

	/**
	 * The RFC 9728 document Spring Security serves at
	 * {@code /.well-known/oauth-protected-resource}: it must not promise
	 * certificate-bound tokens, which the gateway does not check.
	 */
	private static void describe(OAuth2ProtectedResourceMetadata.Builder resource, SecuritySettings security) {
		resource.resourceName("Backup Gateway").tlsClientCertificateBoundAccessTokens(false);
		if (security.issuer() != null) {
			resource.authorizationServer(security.issuer());
		}
	}

	/**
	 * The audience (and, when configured, issuer) checks of docs/design.md section 4.
	 * Boot adds this validator to the {@code JwtDecoder} it builds from the JWKS URI, on
	 * top of the signature and expiry checks.
	 * @param properties the gateway configuration
	 * @return the validator
	 */
	@Bean
	OAuth2TokenValidator<Jwt> gatewayTokenValidator(SecuritySettings security) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		String audience = security.audience();
		validators.add(
				new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, (aud) -> aud != null && aud.contains(audience)));
		// docs/design.md section 4: every audit entry names its actor, and no token lives
		// for ever
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.SUB,
				(sub) -> sub instanceof String subject && !subject.isBlank()));
		validators.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
		if (security.issuer() != null) {
			validators.add(new JwtIssuerValidator(security.issuer()));
		}
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
