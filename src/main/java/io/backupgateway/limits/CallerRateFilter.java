package io.backupgateway.limits;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.backupgateway.access.Caller;
import io.backupgateway.web.ProblemCode;
import io.backupgateway.web.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The caller rate (docs/design.md 3.4): right after authentication, before any other
 * check, a caller over its requests per minute gets {@code 429 rate-limited} with
 * {@code Retry-After}. These refusals are counted in {@code gateway.requests.limited} and
 * logged once per caller and minute, not stored one by one: the one exception to
 * invariant 2, so that a flooding caller can grow neither the audit store nor reach the
 * cloud.
 */
class CallerRateFilter extends OncePerRequestFilter {

	static final String METER = "gateway.requests.limited";

	private static final Logger log = LoggerFactory.getLogger(CallerRateFilter.class);

	/** Create and delete: the requests that are audited and may reach the cloud. */
	private static final Pattern LIMITED = Pattern
		.compile("/v1/teams/([^/]+)/(?:instances/[^/]+/backups|backups/[^/]+)");

	private final CallerRate rate;

	private final Problems problems;

	private final MeterRegistry meters;

	private final Set<String> teams;

	CallerRateFilter(CallerRate rate, Problems problems, MeterRegistry meters, Set<String> teams) {
		this.rate = rate;
		this.problems = problems;
		this.meters = meters;
		this.teams = Set.copyOf(teams);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Matcher path = LIMITED.matcher(request.getRequestURI());
		boolean limited = ("POST".equals(request.getMethod()) || "DELETE".equals(request.getMethod()))
				&& path.matches();
		String caller = limited ? subject() : null;
		if (caller == null) {
			chain.doFilter(request, response);
			return;
		}
		CallerRate.Verdict verdict = this.rate.count(caller);
		if (verdict.allowed()) {
			chain.doFilter(request, response);
			return;
		}
		String team = this.teams.contains(path.group(1)) ? path.group(1) : "other";
		Counter.builder(METER)
			.description("requests refused for their caller's rate, not stored in the audit trail")
			.tag("team", team)
			.register(this.meters)
			.increment();
		if (verdict.firstRefusal()) {
			log.warn("Caller {} is over {} requests a minute; its create and delete requests are refused for {} s",
					caller, this.rate.limit(), verdict.retryAfterSeconds());
		}
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(verdict.retryAfterSeconds()));
		this.problems.write(ProblemCode.RATE_LIMITED,
				"Too many requests from this caller; retry after " + verdict.retryAfterSeconds() + " seconds.", request,
				response);
	}

	private static @Nullable String subject() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof Caller caller) ? caller.subject()
				: null;
	}

}
