package io.backupgateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator contract of DESIGN section 5, bound from {@code gateway.*}. Single-field
 * rules are Bean Validation constraints; rules that span fields or features are checked
 * in the compact constructors (see {@link ConfigurationRules}) so that startup fails with
 * a message naming the property.
 *
 * @param security how callers are authenticated
 * @param cloud the IAM and GeminiDB endpoints and the gateway's own credentials
 * @param teams the teams, keyed by team name, with their instances and naming policy
 * @param limits gateway-wide defaults for quotas
 * @param jobs how backup jobs are followed
 * @param idempotency how long idempotency keys are kept
 * @param audit audit store settings
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(@Valid @NotNull Security security, @Valid @NotNull Cloud cloud,
		Map<String, @Valid Team> teams, @Valid @DefaultValue Limits limits, @Valid @DefaultValue Jobs jobs,
		@Valid @DefaultValue Idempotency idempotency, @Valid @DefaultValue Audit audit) {

	public GatewayProperties {
		teams = (teams != null) ? Map.copyOf(teams) : Map.of();
		ConfigurationRules.requireValidTeams(teams, (cloud != null) ? cloud.projects() : null);
		if (cloud != null) {
			ConfigurationRules.requireValidEndpoints(cloud);
		}
	}

	/**
	 * How callers' JWTs are checked and read (DESIGN section 4).
	 *
	 * @param audience a value the token's {@code aud} must contain
	 * @param issuer the value {@code iss} must equal, when set
	 * @param teamsClaim the claim holding the caller's teams; a dotted name reads a
	 * nested claim
	 * @param permissionsClaim the claim holding the caller's permissions (space-separated
	 * string or list)
	 */
	public record Security(@NotBlank String audience, @Nullable String issuer,
			@DefaultValue("teams") @NotBlank String teamsClaim,
			@DefaultValue("scope") @NotBlank String permissionsClaim) {

		public Security {
			issuer = (issuer != null && issuer.isBlank()) ? null : issuer;
		}

	}

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
	public record Cloud(@DefaultValue("5s") @NotNull Duration connectTimeout,
			@DefaultValue("30s") @NotNull Duration responseTimeout, @DefaultValue("50") @Positive int maxConnections,
			@Valid @DefaultValue CircuitBreaker circuitBreaker, @Valid @NotNull Iam iam,
			Map<String, @Valid Project> projects) {

		public Cloud {
			projects = (projects != null) ? Map.copyOf(projects) : Map.of();
			ConfigurationRules.requirePositive("gateway.cloud.connect-timeout", connectTimeout);
			ConfigurationRules.requirePositive("gateway.cloud.response-timeout", responseTimeout);
		}

	}

	/**
	 * The circuit breaker each project's GeminiDB endpoint has (DESIGN section 7): after
	 * repeated failures (5xx, timeouts, lost connections) calls are paused and answered
	 * 503 {@code upstream-unavailable}.
	 *
	 * @param failureRateThreshold the percentage of failed calls that opens the breaker
	 * @param minimumCalls how many calls are needed before the rate counts
	 * @param windowSize how many recent calls the rate is taken over
	 * @param openFor how long calls stay paused before a trial call is let through
	 */
	public record CircuitBreaker(
			@DefaultValue("50") @Positive @jakarta.validation.constraints.Max(100) int failureRateThreshold,
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

	/**
	 * A team: its instances and its naming policy.
	 *
	 * @param backupNamePrefix the prefix every backup name must start with; {@code null}
	 * means {@code <team>-}, an empty string disables the check
	 * @param backupNamePattern a regular expression the whole name must match, when set
	 * @param maxBackupsPerHour the team's quota; {@code null} means the gateway default
	 * @param oneRunningBackupPerInstance {@code null} means the gateway default
	 * @param instances the instances registered to the team
	 */
	public record Team(@Nullable String backupNamePrefix, @Nullable String backupNamePattern,
			@Nullable @Positive Integer maxBackupsPerHour, @Nullable Boolean oneRunningBackupPerInstance,
			List<@Valid InstanceRef> instances) {

		public Team {
			instances = (instances != null) ? List.copyOf(instances) : List.of();
			backupNamePattern = (backupNamePattern != null && backupNamePattern.isEmpty()) ? null : backupNamePattern;
		}

	}

	/**
	 * An instance registered to a team.
	 *
	 * @param id the GeminiDB instance id
	 * @param project the name of the project (under {@code gateway.cloud.projects}) it
	 * lives in
	 */
	public record InstanceRef(
			@NotBlank @Pattern(regexp = "[A-Za-z0-9]{1,64}", message = "must be 1 to 64 letters and digits") String id,
			@NotBlank String project) {
	}

	/**
	 * Gateway-wide defaults for the per-team quota and the one-backup-per-instance rule.
	 *
	 * @param maxBackupsPerTeamPerHour accepted or pending backups a team may start in a
	 * sliding hour
	 * @param oneRunningBackupPerInstance refuse a backup while another one on the same
	 * instance is running
	 */
	public record Limits(@DefaultValue("30") @Positive int maxBackupsPerTeamPerHour,
			@DefaultValue("true") boolean oneRunningBackupPerInstance) {
	}

	/**
	 * How a backup job is followed after a 202 (DESIGN section 6).
	 *
	 * @param pollInitialDelay the wait before the first poll
	 * @param pollInterval the wait between polls
	 * @param giveUpAfter when a job that never finishes is recorded as unknown
	 */
	public record Jobs(@DefaultValue("5s") @NotNull Duration pollInitialDelay,
			@DefaultValue("10s") @NotNull Duration pollInterval, @DefaultValue("30m") @NotNull Duration giveUpAfter) {

		public Jobs {
			ConfigurationRules.requirePositive("gateway.jobs.poll-interval", pollInterval);
			ConfigurationRules.requirePositive("gateway.jobs.give-up-after", giveUpAfter);
			if (pollInitialDelay != null && pollInitialDelay.isNegative()) {
				throw new IllegalArgumentException("gateway.jobs.poll-initial-delay must not be negative");
			}
		}

	}

	/**
	 * How long an {@code Idempotency-Key} is kept.
	 *
	 * @param retention the retention of a key whose request may have created a backup
	 */
	public record Idempotency(@DefaultValue("24h") @NotNull Duration retention) {

		public Idempotency {
			ConfigurationRules.requirePositive("gateway.idempotency.retention", retention);
		}

	}

	/**
	 * Audit store settings.
	 *
	 * @param writeTimeout how long one audit write may take before the request fails
	 * closed
	 */
	public record Audit(@DefaultValue("5s") @NotNull Duration writeTimeout) {

		public Audit {
			ConfigurationRules.requirePositive("gateway.audit.write-timeout", writeTimeout);
		}

	}

}
