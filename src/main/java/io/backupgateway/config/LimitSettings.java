package io.backupgateway.config;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway-wide defaults for the per-team quota and the one-backup-per-instance rule, the
 * callers' rates, and how long a request body may take to arrive.
 *
 * @param maxBackupsPerTeamPerHour accepted or pending backups a team may start in a
 * sliding hour
 * @param oneRunningBackupPerInstance refuse a backup while another one on the same
 * instance is running
 * @param requestsPerCallerPerMinute create and delete requests one caller may send to one
 * replica in any 60 seconds, valid or not
 * @param readsPerCallerPerMinute every other API request (reviews, exports, verify,
 * lists, job lookups) one caller may send to one replica in any 60 seconds
 * @param bodyReadTimeout how long a request body may take to arrive before the request is
 * answered {@code 408 request-timeout} and its connection closed
 */
public record LimitSettings(@DefaultValue("30") @Positive int maxBackupsPerTeamPerHour,
		@DefaultValue("true") boolean oneRunningBackupPerInstance,
		@DefaultValue("120") @Positive int requestsPerCallerPerMinute,
		@DefaultValue("600") @Positive int readsPerCallerPerMinute,
		@DefaultValue("5s") @NotNull Duration bodyReadTimeout,
		@DefaultValue("5s") @NotNull Duration backupListFreshFor) {

	public LimitSettings {
		ConfigurationRules.requirePositive("gateway.limits.body-read-timeout", bodyReadTimeout);
		if (backupListFreshFor.isNegative()) {
			throw new IllegalArgumentException("gateway.limits.backup-list-fresh-for must not be negative");
		}
	}

}
