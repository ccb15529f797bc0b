package io.backupgateway.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a backup job is followed after a 202 (docs/design.md section 6).
 *
 * @param pollInitialDelay the wait before the first poll
 * @param pollInterval the wait between polls
 * @param giveUpAfter when a job that never finishes is recorded as unknown
 * @param maxCallsPerSecond the most calls a second the follower makes to one project's
 * job API (the cloud throttles with {@code DBS.280443})
 */
public record JobSettings(@DefaultValue("5s") @NotNull Duration pollInitialDelay,
		@DefaultValue("10s") @NotNull Duration pollInterval, @DefaultValue("30m") @NotNull Duration giveUpAfter,
		@DefaultValue("5") int maxCallsPerSecond) {

	public JobSettings {
		if (maxCallsPerSecond < 1) {
			throw new IllegalArgumentException("gateway.jobs.max-calls-per-second must be at least 1");
		}
		ConfigurationRules.requirePositive("gateway.jobs.poll-interval", pollInterval);
		ConfigurationRules.requirePositive("gateway.jobs.give-up-after", giveUpAfter);
		if (pollInitialDelay != null && pollInitialDelay.isNegative()) {
			throw new IllegalArgumentException("gateway.jobs.poll-initial-delay must not be negative");
		}
	}

}
