package io.backupgateway.config;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway-wide defaults for the per-team quota and the one-backup-per-instance rule, and
 * the caller rate.
 *
 * @param maxBackupsPerTeamPerHour accepted or pending backups a team may start in a
 * sliding hour
 * @param oneRunningBackupPerInstance refuse a backup while another one on the same
 * instance is running
 * @param requestsPerCallerPerMinute create and delete requests one caller may send to one
 * replica in a minute, valid or not
 */
public record LimitSettings(@DefaultValue("30") @Positive int maxBackupsPerTeamPerHour,
		@DefaultValue("true") boolean oneRunningBackupPerInstance,
		@DefaultValue("120") @Positive int requestsPerCallerPerMinute) {
}
