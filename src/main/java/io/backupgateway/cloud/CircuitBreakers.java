package io.backupgateway.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.backupgateway.config.CloudSettings;
import io.backupgateway.cloud.CloudFailure.Kind;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One circuit breaker per project's GeminiDB endpoint, from
 * {@code gateway.cloud.circuit-breaker}. What counts is configured once: a failure of the
 * endpoint itself (5xx, timeouts, lost connections, anything unexpected) is recorded, an
 * IAM failure is ignored (it says nothing about the endpoint), and any other answer,
 * refusals included, is a success. Also knows when each breaker opened, for the
 * {@code Retry-After} of a paused call.
 */
final class CircuitBreakers {

	private static final Logger log = LoggerFactory.getLogger(CircuitBreakers.class);

	private final CircuitBreakerRegistry registry;

	private final Duration openFor;

	private final Clock clock;

	private final Map<String, Instant> openedAt = new ConcurrentHashMap<>();

	private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

	CircuitBreakers(CircuitBreakerRegistry registry, Duration openFor, Clock clock) {
		this.registry = registry;
		this.openFor = openFor;
		this.clock = clock;
	}

	/**
	 * Runs a call through the project's breaker.
	 * @param project the project's name
	 * @param call the call
	 * @return what the call returned
	 * @throws CloudFailure {@code PAUSED} while the breaker is open; nothing is sent then
	 */
	<T> T call(String project, Supplier<T> call) {
		try {
			return of(project).executeSupplier(call);
		}
		catch (CallNotPermittedException ex) {
			throw new CloudFailure(Kind.PAUSED,
					"Calls to the cloud for this instance's project are paused after repeated failures.", null,
					secondsUntilRetry(project), null);
		}
	}

	CircuitBreaker of(String project) {
		return this.breakers.computeIfAbsent(project, (name) -> {
			CircuitBreaker breaker = this.registry.circuitBreaker(name);
			breaker.getEventPublisher().onStateTransition((event) -> {
				log.warn("Circuit breaker for project {}: {}", name, event.getStateTransition());
				if (event.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
					this.openedAt.put(name, this.clock.instant());
				}
			});
			return breaker;
		});
	}

	/** Whole seconds until a paused project lets a trial call through, at least 1. */
	long secondsUntilRetry(String project) {
		Instant opened = this.openedAt.getOrDefault(project, this.clock.instant());
		Duration left = Duration.between(this.clock.instant(), opened.plus(this.openFor));
		return Math.max(1, (left.toMillis() + 999) / 1000);
	}

	@Configuration(proxyBeanMethods = false)
	static class Setup {

		@Bean
		CircuitBreakerRegistry cloudCircuitBreakerRegistry(CloudSettings cloud) {
			CloudSettings.CircuitBreaker settings = cloud.circuitBreaker();
			CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
				.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
				.slidingWindowSize(settings.windowSize())
				.minimumNumberOfCalls(settings.minimumCalls())
				.failureRateThreshold(settings.failureRateThreshold())
				.waitDurationInOpenState(settings.openFor())
				.permittedNumberOfCallsInHalfOpenState(1)
				.recordException((ex) -> !(ex instanceof CloudFailure failure) || failure.isEndpointFailure())
				.ignoreException((ex) -> ex instanceof CloudFailure failure && failure.kind() == Kind.CREDENTIALS)
				.build());
			// one breaker per project from the start, so its state is a meter before the
			// first call
			cloud.projects().keySet().forEach(registry::circuitBreaker);
			return registry;
		}

		@Bean
		MeterBinder cloudCircuitBreakerMeters(CircuitBreakerRegistry cloudCircuitBreakerRegistry) {
			return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(cloudCircuitBreakerRegistry);
		}

		@Bean
		CircuitBreakers cloudCircuitBreakers(CircuitBreakerRegistry cloudCircuitBreakerRegistry, CloudSettings cloud,
				Clock clock) {
			return new CircuitBreakers(cloudCircuitBreakerRegistry, cloud.circuitBreaker().openFor(), clock);
		}

	}

}
