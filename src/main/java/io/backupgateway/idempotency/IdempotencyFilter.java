package io.backupgateway.idempotency;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.backupgateway.web.ApiRoutes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Around a create request that carries an {@code Idempotency-Key}: holds the answer back
 * until the key's fate is written, so a replay answers the very bytes the first request
 * got (docs/design.md 3.4), whether they came from the controller or from the error
 * renderer, and no retry can see the key in flight after its answer was sent. Registered
 * by {@link IdempotencyConfiguration}.
 */
class IdempotencyFilter extends OncePerRequestFilter {

	static final String HEADER = "Idempotency-Key";

	private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

	private final IdempotencyKeys keys;

	IdempotencyFilter(IdempotencyKeys keys) {
		this.keys = keys;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		if (request.getHeader(HEADER) == null) {
			return true;
		}
		ApiRoutes.Route route = ApiRoutes.of(request);
		return route == null || !route.kind().writes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		IdempotentRequest state = new IdempotentRequest(true);
		request.setAttribute(IdempotentRequest.ATTRIBUTE, state);
		ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
		try {
			chain.doFilter(request, answer);
		}
		finally {
			settle(state, answer);
			answer.copyBodyToResponse();
		}
	}

	private void settle(IdempotentRequest state, ContentCachingResponseWrapper answer) {
		try {
			if (state.keep()) {
				String contentType = (answer.getContentType() != null) ? answer.getContentType() : "application/json";
				this.keys.keep(state, answer.getStatus(), contentType,
						new String(answer.getContentAsByteArray(), StandardCharsets.UTF_8));
			}
			else {
				this.keys.release(state);
			}
		}
		catch (DataAccessException ex) {
			// the key stays in flight until its retention passes: a retry is refused with
			// 409 rather than risking a second backup
			log.error("Idempotency key could not be settled ({}); it stays in flight", ex.getClass().getSimpleName());
		}
	}

}
