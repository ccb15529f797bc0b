package io.backupgateway.config;

import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Gateway-wide defaults for the per-team quota and the one-backup-per-instance rule.
 *
 * @param maxBackupsPerTeamPerHour accepted or pending backups a team may start in a
 * sliding hour
 * @param oneRunningBackupPerInstance refuse a backup while another one on the same
 * instance is running
 */
public record LimitSettings(@DefaultValue("30") @Positive int maxBackupsPerTeamPerHour,
		@DefaultValue("true") boolean oneRunningBackupPerInstance) {
}
