package io.backupgateway.limits;

import io.backupgateway.config.LimitSettings;
import io.backupgateway.config.TeamSettings;
import io.backupgateway.config.TeamTable;

import org.springframework.stereotype.Component;

/**
 * A team's limits: its own {@code max-backups-per-hour} and
 * {@code one-running-backup-per-instance} where it sets them, else the gateway's defaults
 * under {@code gateway.limits}.
 */
@Component
class TeamLimits {

	private final TeamTable teams;

	private final LimitSettings defaults;

	TeamLimits(TeamTable teams, LimitSettings defaults) {
		this.teams = teams;
		this.defaults = defaults;
	}

	int maxBackupsPerHour(String team) {
		TeamSettings settings = this.teams.get(team);
		return (settings != null && settings.maxBackupsPerHour() != null) ? settings.maxBackupsPerHour()
				: defaults().maxBackupsPerTeamPerHour();
	}

	boolean oneRunningBackupPerInstance(String team) {
		TeamSettings settings = this.teams.get(team);
		return (settings != null && settings.oneRunningBackupPerInstance() != null)
				? settings.oneRunningBackupPerInstance() : defaults().oneRunningBackupPerInstance();
	}

	private LimitSettings defaults() {
		return this.defaults;
	}

}
