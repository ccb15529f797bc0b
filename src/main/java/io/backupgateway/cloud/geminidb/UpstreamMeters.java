package io.backupgateway.cloud.geminidb;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.backupgateway.config.CloudSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code gateway.upstream.requests}: every call to GeminiDB, timed, by project name, call
 * ({@code POST /v3/{project_id}/instances/{instance_id}/backups} and the like, a fixed
 * set) and status class ({@code 2xx}, {@code 4xx}, {@code 5xx}, {@code timeout},
 * {@code error}), so an operator tells a slow or failing cloud from a slow gateway
 * (docs/operations.md).
 */
public final class UpstreamMeters {

	private final MeterRegistry registry;

	private final Map<String, String> projectNames;

	/**
	 * The timers by project, call and status class; the key set is bounded by the
	 * configuration.
	 */
	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	public UpstreamMeters(MeterRegistry registry, CloudSettings cloud) {
		this.registry = registry;
		this.projectNames = cloud.projectNamesById();
	}

	void record(GeminiDbExchange.Call call, String statusClass, long nanos) {
		String key = call.projectId() + ' ' + call.method().name() + ' ' + call.template() + ' ' + statusClass;
		this.timers.computeIfAbsent(key, (ignored) -> {
			String template = call.template();
			int query = template.indexOf('?');
			return Timer.builder("gateway.upstream.requests")
				.description("calls to GeminiDB by project, call and status class")
				.tag("project", this.projectNames.getOrDefault(call.projectId(), "other"))
				.tag("call", call.method().name() + " " + ((query < 0) ? template : template.substring(0, query)))
				.tag("status", statusClass)
				.serviceLevelObjectives(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
						Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30))
				.register(this.registry);
		}).record(nanos, TimeUnit.NANOSECONDS);
	}

}
