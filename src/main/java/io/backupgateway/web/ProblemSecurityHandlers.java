package io.backupgateway.web;

import java.io.IOException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/**
 * 401 and 403 raised by the security filter chain, as problem+json. Spring's bearer-token
 * handlers set the status and the RFC 6750 {@code WWW-Authenticate} header first; the
 * body then comes from {@link Problems}, like every other error. Rejected tokens are
 * counted, never stored in the audit trail (DESIGN 3.3).
 */
@Component
public class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

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
		log.warn("{} {} -> 401 unauthenticated ({})", request.getMethod(), request.getRequestURI(),
				ex.getClass().getSimpleName());
		this.problems.write(ProblemCode.UNAUTHENTICATED, detail, request, response);
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
			throws IOException, ServletException {
		this.bearerDeniedHandler.handle(request, response, ex);
		log.warn("{} {} -> 403 forbidden", request.getMethod(), request.getRequestURI());
		this.problems.write(ProblemCode.FORBIDDEN, "The caller may not use this resource.", request, response);
	}

}
