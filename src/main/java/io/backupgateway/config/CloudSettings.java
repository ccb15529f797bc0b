package io.backupgateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The cloud: timeouts that apply to IAM and GeminiDB alike, the credentials and the
 * projects.
 *
 * @param connectTimeout how long opening a connection may take
 * @param responseTimeout how long an answer may take once the request is sent
 * @param maxConnections the size of the connection pool shared by all cloud calls
 * @param circuitBreaker when calls to a project's endpoint are paused
 * @param iam the IAM endpoint and the gateway's own credentials
 * @param projects the projects, keyed by the name teams refer to
 */
public record CloudSettings(@DefaultValue("5s") @NotNull Duration connectTimeout,
		@DefaultValue("30s") @NotNull Duration responseTimeout, @DefaultValue("50") @Positive int maxConnections,
		@Valid @DefaultValue CircuitBreaker circuitBreaker, @Valid @NotNull Iam iam,
		Map<String, @Valid Project> projects) {

	public CloudSettings {
		projects = (projects != null) ? Map.copyOf(projects) : Map.of();
		ConfigurationRules.requirePositive("gateway.cloud.connect-timeout", connectTimeout);
		ConfigurationRules.requirePositive("gateway.cloud.response-timeout", responseTimeout);
	}

	/**
	 * The configured name of each project id, for meter tags: bounded by the
	 * configuration, unlike ids read from requests. Two names for one id: either.
	 * @return project id to name
	 */
	public Map<String, String> projectNamesById() {
		Map<String, String> names = new java.util.HashMap<>();
		this.projects.forEach((name, project) -> names.putIfAbsent(project.id(), name));
		return Map.copyOf(names);
	}

	/**
	 * The circuit breaker each project's GeminiDB endpoint has (docs/design.md section
	 * 7): after repeated failures (5xx, timeouts, lost connections) calls are paused and
	 * answered 503 {@code upstream-unavailable}.
	 *
	 * @param failureRateThreshold the percentage of failed calls that opens the breaker
	 * @param minimumCalls how many calls are needed before the rate counts
	 * @param windowSize how many recent calls the rate is taken over
	 * @param openFor how long calls stay paused before a trial call is let through
	 */
	public record CircuitBreaker(@DefaultValue("50") @Positive @Max(100) int failureRateThreshold,
			@DefaultValue("5") @Positive int minimumCalls, @DefaultValue("10") @Positive int windowSize,
			@DefaultValue("30s") @NotNull Duration openFor) {

		public CircuitBreaker {
			ConfigurationRules.requirePositive("gateway.cloud.circuit-breaker.open-for", openFor);
		}

	}

	/**
	 * The gateway's own IAM user. The password is never printed.
	 *
	 * @param endpoint the IAM base URL; the gateway appends {@code /v3/auth/tokens}
	 * @param domain the IAM domain (account) name
	 * @param username the IAM user name
	 * @param password the IAM user's password
	 * @param refreshBeforeExpiry how long before {@code expires_at} a new token is
	 * fetched
	 */
	public record Iam(@NotNull URI endpoint, @NotBlank String domain, @NotBlank String username,
			@NotBlank String password, @DefaultValue("1h") @NotNull Duration refreshBeforeExpiry) {

		public Iam {
			if (refreshBeforeExpiry != null && refreshBeforeExpiry.isNegative()) {
				throw new IllegalArgumentException("gateway.cloud.iam.refresh-before-expiry must not be negative");
			}
		}

		@Override
		public String toString() {
			return "Iam[endpoint=%s, domain=%s, username=%s, password=******, refreshBeforeExpiry=%s]"
				.formatted(this.endpoint, this.domain, this.username, this.refreshBeforeExpiry);
		}

	}

	/**
	 * A cloud project: the token scope and the GeminiDB endpoint.
	 *
	 * @param id the project id, used as token scope and path segment
	 * @param endpoint the GeminiDB base URL; the gateway appends {@code /v3/{id}/...}
	 */
	public record Project(@NotBlank @Pattern(regexp = "[0-9a-fA-F]{32}",
			message = "must be a project id of 32 hexadecimal characters") String id, @NotNull URI endpoint) {
	}

}
