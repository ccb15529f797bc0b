package io.backupgateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.backupgateway.access.BackupTarget;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.audit.RecentCreates;
import io.backupgateway.background.DatabaseLocks;
import io.backupgateway.config.AuditSettings;
import io.backupgateway.web.GatewayException;
import io.backupgateway.web.ProblemCode;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets an attempt through the team's quota and the backup-in-progress rule and records
 * it, in one transaction that holds the team's lock (docs/design.md 3.4): whoever holds
 * the lock sees every attempt admitted before it, on any replica, so the last slot of a
 * quota or a free instance is given exactly once. The lock is held for a few statements,
 * never across the call to the cloud.
 */
@Component
public class Admission {

	static final Duration WINDOW = Duration.ofMinutes(60);

	private final RecentCreates recent;

	private final AuditLog audit;

	private final TeamLimits limits;

	private final DatabaseLocks locks;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final int timeoutSeconds;

	Admission(RecentCreates recent, AuditLog audit, TeamLimits limits, DatabaseLocks locks,
			PlatformTransactionManager transactions, Clock clock, AuditSettings settings) {
		this.recent = recent;
		this.audit = audit;
		this.limits = limits;
		this.locks = locks;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
		this.timeoutSeconds = settings.writeTimeoutSeconds();
	}

	/**
	 * Admits and durably records an attempt that is about to go upstream.
	 * @param target the instance to back up
	 * @param draft what is known about the request
	 * @return the recorded attempt
	 * @throws GatewayException {@code rate-limited} (with {@code Retry-After}) when the
	 * team's quota is used up, {@code backup-in-progress} when the instance has a running
	 * backup; nothing is recorded then
	 * @throws io.backupgateway.audit.AuditUnavailable when the store cannot be written or
	 * read; nothing may go upstream then
	 */
	public AuditAttempt admit(BackupTarget target, AuditDraft draft) {
		String team = target.team().value();
		return this.audit.withinStore(() -> this.transaction.execute((status) -> {
			this.locks.lock("admission:" + team, this.timeoutSeconds);
			requireQuota(team);
			if (this.limits.oneRunningBackupPerInstance(team) && this.recent.inProgress(target.instance().value())) {
				throw new GatewayException(ProblemCode.BACKUP_IN_PROGRESS,
						"A backup of instance '" + target.instance() + "' started by this gateway is still running.");
			}
			return this.audit.recordAttempt(draft);
		}));
	}

	private void requireQuota(String team) {
		int max = this.limits.maxBackupsPerHour(team);
		Instant now = this.clock.instant();
		RecentCreates.Window window = this.recent.window(team, now.minus(WINDOW));
		if (window.counted() >= max) {
			Instant oldest = (window.oldest() != null) ? window.oldest() : now;
			long millis = Duration.between(now, oldest.plus(WINDOW)).toMillis();
			throw new GatewayException(ProblemCode.RATE_LIMITED,
					"Team '" + team + "' has started " + max + " backups in the last 60 minutes, its quota.")
				.retryAfter(Math.max(1, (millis + 999) / 1000));
		}
	}

}
