package io.backupgateway.web;

import java.io.IOException;

import io.backupgateway.failure.ProblemCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * 401 and 403 raised by the security filter chain, as problem+json. Spring's bearer-token
 * handlers set the status and the RFC 6750 {@code WWW-Authenticate} header first; the
 * body then comes from {@link Problems}, like every other error. Rejected tokens are
 * counted, never stored in the audit trail (docs/design.md 3.3).
 */
@Component
public class ProblemSecurityHandlers
		implements AuthenticationEntryPoint, AccessDeniedHandler, AuthenticationFailureHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemSecurityHandlers.class);

	private final AuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();

	private final AccessDeniedHandler bearerDeniedHandler = new BearerTokenAccessDeniedHandler();

	private final Problems problems;

	private final Counter unauthenticated;

	ProblemSecurityHandlers(Problems problems, MeterRegistry meters) {
		this.problems = problems;
		this.unauthenticated = Counter.builder("gateway.unauthenticated")
			.description("Requests refused for a missing or invalid bearer token")
			.register(meters);
	}

	@Override
	public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException, ServletException {
		this.unauthenticated.increment();
		this.bearerEntryPoint.commence(request, response, ex);
		String detail = (ex instanceof InvalidBearerTokenException)
				? "The bearer token is invalid, expired or not meant for this gateway."
				: "A valid bearer token is required.";
		// the exception's own message may quote token content: log its type only
		log.warn("{} {} -> 401 unauthenticated ({})", LogText.of(request.getMethod()),
				LogText.of(request.getRequestURI()), ex.getClass().getSimpleName());
		this.problems.write(ProblemCode.UNAUTHENTICATED, detail, request, response);
	}

	/**
	 * A token that could not be checked because the identity provider's keys were out of
	 * reach is answered 503 {@code identity-unavailable}; every other failure is a 401.
	 */
	@Override
	public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
			AuthenticationException ex) throws IOException, ServletException {
		if (ex instanceof AuthenticationServiceException) {
			log.warn("{} {} -> 503 identity-unavailable: the token could not be checked ({})",
					LogText.of(request.getMethod()), LogText.of(request.getRequestURI()),
					rootCause(ex).getClass().getSimpleName());
			response.setHeader("Retry-After", "5");
			this.problems.write(ProblemCode.IDENTITY_UNAVAILABLE,
					"The identity provider's signing keys could not be fetched; try again shortly.", request, response);
			return;
		}
		commence(request, response, ex);
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException, ServletException {
		this.bearerDeniedHandler.handle(request, response, ex);
		log.warn("{} {} -> 403 forbidden", LogText.of(request.getMethod()), LogText.of(request.getRequestURI()));
		this.problems.write(ProblemCode.FORBIDDEN, "The caller may not use this resource.", request, response);
	}

}
