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
 * @param path the request's path as sent, a problem's {@code instance}
 */
public record RequestMeta(String requestId, @Nullable String clientIp, @Nullable String userAgent, long startedNanos,
		@Nullable String path) {

	/** A request whose path does not matter. */
	public RequestMeta(String requestId, @Nullable String clientIp, @Nullable String userAgent, long startedNanos) {
		this(requestId, clientIp, userAgent, startedNanos, null);
	}

	public static RequestMeta of(HttpServletRequest request) {
		Object started = request.getAttribute(RequestIdFilter.STARTED_ATTRIBUTE);
		return new RequestMeta(RequestIdFilter.requestId(request), request.getRemoteAddr(),
				request.getHeader(HttpHeaders.USER_AGENT), (started instanceof Long nanos) ? nanos : System.nanoTime(),
				request.getRequestURI());
	}

	public long elapsedMillis() {
		return (System.nanoTime() - this.startedNanos) / 1_000_000;
	}

}
