package io.backupgateway.limits;

import java.io.IOException;
import java.util.Set;

import io.backupgateway.access.Caller;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.web.ApiRoutes;
import io.backupgateway.web.LogText;
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
 * The callers' rates (docs/design.md 3.4): right after authentication, before any other
 * check, a caller over its create and delete requests, or over its other API requests
 * (the reads), in the last 60 seconds gets {@code 429 rate-limited} with
 * {@code Retry-After}. These refusals are counted ({@code gateway.requests.limited} for
 * writes, {@code gateway.reads.limited} for reads) and logged once per caller and minute,
 * not stored one by one: the one exception to invariant 2, so that a flooding caller can
 * grow neither the audit store nor reach the cloud. The route is read from the path as
 * routed ({@link ApiRoutes}), whatever its encoding.
 */
class CallerRateFilter extends OncePerRequestFilter {

	static final String METER = "gateway.requests.limited";

	static final String READS_METER = "gateway.reads.limited";

	private static final Logger log = LoggerFactory.getLogger(CallerRateFilter.class);

	private final CallerRate writes;

	private final CallerRate reads;

	private final Problems problems;

	private final MeterRegistry meters;

	private final Set<String> teams;

	CallerRateFilter(CallerRate writes, CallerRate reads, Problems problems, MeterRegistry meters, Set<String> teams) {
		this.writes = writes;
		this.reads = reads;
		this.problems = problems;
		this.meters = meters;
		this.teams = Set.copyOf(teams);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ApiRoutes.Route route = ApiRoutes.of(request);
		String caller = (route != null) ? subject() : null;
		if (route == null || caller == null) {
			chain.doFilter(request, response);
			return;
		}
		boolean write = route.kind().writes();
		CallerRate rate = write ? this.writes : this.reads;
		CallerRate.Verdict verdict = rate.count(caller);
		if (verdict.allowed()) {
			chain.doFilter(request, response);
			return;
		}
		String team = (route.team() != null && this.teams.contains(route.team())) ? route.team() : "other";
		Counter.builder(write ? METER : READS_METER)
			.description(
					write ? "create and delete requests refused for their caller's rate, not stored in the audit trail"
							: "read requests refused for their caller's rate")
			.tag("team", team)
			.register(this.meters)
			.increment();
		if (verdict.logRefusal()) {
			log.warn("Caller {} is over {} {} requests a minute; they are refused for {} s", LogText.of(caller),
					rate.limit(), write ? "create and delete" : "read", verdict.retryAfterSeconds());
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
