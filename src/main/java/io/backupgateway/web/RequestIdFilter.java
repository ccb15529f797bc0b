package io.backupgateway.web;

import java.io.IOException;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id (docs/design.md 3.4): a caller's {@code X-Request-Id} of
 * 1-128 visible ASCII characters is kept, anything else is replaced. Runs before the
 * security filter chain, so even a 401 carries the id.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter extends OncePerRequestFilter {

	static final String HEADER = "X-Request-Id";

	static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".id";

	static final String STARTED_ATTRIBUTE = RequestIdFilter.class.getName() + ".started";

	static final String MDC_KEY = "request_id";

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String id = acceptable(request.getHeader(HEADER)) ? request.getHeader(HEADER) : UUID.randomUUID().toString();
		request.setAttribute(ATTRIBUTE, id);
		request.setAttribute(STARTED_ATTRIBUTE, System.nanoTime());
		response.setHeader(HEADER, id);
		MDC.put(MDC_KEY, id);
		try {
			chain.doFilter(request, new EarlyAnswer(request, response));
		}
		finally {
			MDC.remove(MDC_KEY);
		}
	}

	static boolean acceptable(@Nullable String value) {
		if (value == null || value.isEmpty() || value.length() > 128) {
			return false;
		}
		return value.chars().allMatch((c) -> c >= 0x21 && c <= 0x7e);
	}

	/**
	 * The id of the current request.
	 * @param request the request
	 * @return the id set by this filter, or a fresh one for a request it never saw
	 */
	static String requestId(HttpServletRequest request) {
		Object id = request.getAttribute(ATTRIBUTE);
		if (id instanceof String value) {
			return value;
		}
		String fresh = UUID.randomUUID().toString();
		request.setAttribute(ATTRIBUTE, fresh);
		return fresh;
	}

}
