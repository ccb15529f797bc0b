package io.backupgateway.web;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;

/**
 * What the audit trail records about the HTTP exchange itself.
 *
 * @param requestId the caller's {@code X-Request-Id} or a generated one
 * @param clientIp the peer address (or the forwarded client address when the operator
 * enables {@code server.forward-headers-strategy})
 * @param userAgent the {@code User-Agent} header, if any
 * @param startedNanos {@link System#nanoTime()} when the request arrived
 */
public record RequestMeta(String requestId, @Nullable String clientIp, @Nullable String userAgent, long startedNanos) {

	public static RequestMeta of(HttpServletRequest request) {
		Object started = request.getAttribute(RequestIdFilter.STARTED_ATTRIBUTE);
		return new RequestMeta(RequestIdFilter.requestId(request), request.getRemoteAddr(),
				request.getHeader(HttpHeaders.USER_AGENT), (started instanceof Long nanos) ? nanos : System.nanoTime());
	}

	public long elapsedMillis() {
		return (System.nanoTime() - this.startedNanos) / 1_000_000;
	}

}
