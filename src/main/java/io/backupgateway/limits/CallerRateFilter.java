package io.backupgateway.limits;

import java.io.IOException;

import io.backupgateway.access.Caller;
import io.backupgateway.web.ApiRoutes;
import io.backupgateway.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The read rate (docs/design.md 3.4): right after authentication, a caller over its API
 * requests other than creates and deletes in the last 60 seconds gets
 * {@code 429 rate-limited}, answered here, before any other work. Creates and deletes
 * count against the write rate as the first step of their flows. The route is read from
 * the path as routed ({@link ApiRoutes}), whatever its encoding.
 */
class CallerRateFilter extends OncePerRequestFilter {

	private final CallerRates rates;

	private final Problems problems;

	CallerRateFilter(CallerRates rates, Problems problems) {
		this.rates = rates;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ApiRoutes.Route route = ApiRoutes.of(request);
		String caller = (route != null && !route.kind().writes()) ? subject() : null;
		if (route == null || caller == null) {
			chain.doFilter(request, response);
			return;
		}
		try {
			this.rates.admitRead(caller, route.team());
		}
		catch (CallerRateExceeded ex) {
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
			this.problems.write(ex.code(), ex.detail(), request, response);
			return;
		}
		chain.doFilter(request, response);
	}

	private static @Nullable String subject() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof Caller caller) ? caller.subject()
				: null;
	}

}
