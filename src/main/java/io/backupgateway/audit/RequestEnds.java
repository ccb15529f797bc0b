package io.backupgateway.audit;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.backupgateway.web.LogText;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * The end of a create or delete request as an operator sees it (docs/operations.md): one
 * access line on the logger {@code io.backupgateway.access} (INFO for 2xx, WARN for a
 * caller's mistake, ERROR for a 5xx; never a stack trace), and the
 * {@code gateway.requests} timer by action and outcome, with a histogram for SLOs. The
 * line carries the request's id and trace ids through the MDC like every other line.
 */
final class RequestEnds {

	static final String ACCESS_LOGGER = "io.backupgateway.access";

	private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);

	private static final Duration[] OBJECTIVES = { Duration.ofMillis(50), Duration.ofMillis(100),
			Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
			Duration.ofSeconds(5), Duration.ofSeconds(10) };

	private final MeterRegistry registry;

	/** The timers by action and outcome: registered once, not looked up per request. */
	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	RequestEnds(MeterRegistry registry) {
		this.registry = registry;
	}

	void ended(String action, @Nullable String team, @Nullable String instance, Outcome outcome, int httpStatus,
			@Nullable String code, @Nullable Integer upstreamStatus, long durationMs) {
		this.timers
			.computeIfAbsent(action + ' ' + outcome.value(),
					(key) -> Timer.builder("gateway.requests")
						.description("create and delete requests, from arrival to answer, by outcome")
						.tag("action", action)
						.tag("outcome", outcome.value())
						.serviceLevelObjectives(OBJECTIVES)
						.register(this.registry))
			.record(durationMs, TimeUnit.MILLISECONDS);
		Level level = (httpStatus >= 500) ? Level.ERROR : (httpStatus >= 400) ? Level.WARN : Level.INFO;
		access.atLevel(level)
			.addKeyValue("action", action)
			.addKeyValue("team", team)
			.addKeyValue("instance_id", instance)
			.addKeyValue("outcome", outcome.value())
			.addKeyValue("http_status", httpStatus)
			.addKeyValue("code", code)
			.addKeyValue("upstream_status", upstreamStatus)
			.addKeyValue("duration_ms", durationMs)
			.log("{} team={} instance_id={} outcome={} http_status={} code={} upstream_status={} duration_ms={}",
					action, orDash(team), orDash(instance), outcome.value(), httpStatus, orDash(code),
					(upstreamStatus != null) ? upstreamStatus : "-", durationMs);
	}

	/**
	 * Team and instance are the path's, as sent: escaped, so they cannot forge a field.
	 */
	private static Object orDash(@Nullable String value) {
		return LogText.of(value);
	}

}
