package io.backupgateway.limits;

import io.backupgateway.config.GatewayProperties;
import io.backupgateway.config.LimitSettings;
import io.backupgateway.config.TeamSettings;

import org.springframework.stereotype.Component;

/**
 * A team's limits: its own {@code max-backups-per-hour} and
 * {@code one-running-backup-per-instance} where it sets them, else the gateway's defaults
 * under {@code gateway.limits}.
 */
@Component
class TeamLimits {

	private final GatewayProperties properties;

	TeamLimits(GatewayProperties properties) {
		this.properties = properties;
	}

	int maxBackupsPerHour(String team) {
		TeamSettings settings = this.properties.teams().get(team);
		return (settings != null && settings.maxBackupsPerHour() != null) ? settings.maxBackupsPerHour()
				: defaults().maxBackupsPerTeamPerHour();
	}

	boolean oneRunningBackupPerInstance(String team) {
		TeamSettings settings = this.properties.teams().get(team);
		return (settings != null && settings.oneRunningBackupPerInstance() != null)
				? settings.oneRunningBackupPerInstance() : defaults().oneRunningBackupPerInstance();
	}

	private LimitSettings defaults() {
		return this.properties.limits();
	}

}
