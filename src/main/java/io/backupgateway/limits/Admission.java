package io.backupgateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.backupgateway.access.BackupTarget;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.audit.AuditUnavailable;
import io.backupgateway.audit.RecentCreates;
import io.backupgateway.background.DatabaseLocks;
import io.backupgateway.config.AuditSettings;
import io.backupgateway.failure.GatewayFailure;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets an attempt through the team's quota and the backup-in-progress rule and records
 * it, in one transaction that holds the team's lock (docs/design.md 3.4): whoever holds
 * the lock sees every attempt admitted before it, on any replica, so the last slot of a
 * quota or a free instance is given exactly once. The lock is held for a few statements,
 * never across the call to the cloud. Concurrent attempts of a team are admitted together
 * ({@link AdmissionLine}).
 */
@Component
public class Admission {

	static final Duration WINDOW = Duration.ofMinutes(60);

	/**
	 * Enough to amortise the commit; small enough that one batch never holds the lock
	 * long.
	 */
	static final int MAX_BATCH = RecentCreates.MAX_ADMITTED_AT_ONCE;

	private final Map<String, AdmissionLine> lines = new ConcurrentHashMap<>();

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
	 * @throws GatewayFailure {@code rate-limited} (with {@code Retry-After}) when the
	 * team's quota is used up, {@code backup-in-progress} when the instance has a running
	 * backup; nothing is recorded then
	 * @throws io.backupgateway.audit.AuditUnavailable when the store cannot be written or
	 * read; nothing may go upstream then
	 */
	public AuditAttempt admit(BackupTarget target, AuditDraft draft) {
		String team = target.team().value();
		return this.lines
			.computeIfAbsent(team, (name) -> new AdmissionLine(MAX_BATCH, (batch) -> admitAll(name, batch)))
			.admit(new AdmissionLine.Ticket(target, draft));
	}

	/**
	 * Admits a batch of one team's attempts in one transaction holding the team's lock,
	 * in the order they arrived: each is checked against what the batch admitted before
	 * it. Nothing is settled until the transaction has committed.
	 */
	private void admitAll(String team, List<AdmissionLine.Ticket> batch) {
		Map<AdmissionLine.Ticket, GatewayFailure> refused = new HashMap<>();
		List<AuditAttempt> attempts;
		try {
			attempts = this.audit.withinStore(batch.size(), () -> this.transaction.execute((status) -> {
				refused.clear();
				this.locks.lock("admission:" + team, this.timeoutSeconds);
				Quota quota = quota(team);
				boolean oneRunning = this.limits.oneRunningBackupPerInstance(team);
				Set<String> started = new HashSet<>();
				List<AuditDraft> admitted = new ArrayList<>();
				for (AdmissionLine.Ticket ticket : batch) {
					String instance = ticket.target.instance().value();
					if (quota.full()) {
						refused.put(ticket, quota.refusal(team));
					}
					else if (oneRunning && (started.contains(instance) || this.recent.inProgress(instance))) {
						refused.put(ticket, new BackupInProgress(
								"A backup of instance '" + instance + "' started by this gateway is still running."));
					}
					else {
						quota.take();
						started.add(instance);
						admitted.add(ticket.draft);
					}
				}
				return this.audit.recordAttempts(admitted);
			}));
		}
		catch (AuditUnavailable ex) {
			for (AdmissionLine.Ticket ticket : batch) {
				ticket.refused(ex.again());
			}
			return;
		}
		Iterator<AuditAttempt> recorded = attempts.iterator();
		for (AdmissionLine.Ticket ticket : batch) {
			GatewayFailure refusal = refused.get(ticket);
			if (refusal != null) {
				ticket.refused(refusal);
			}
			else {
				ticket.admitted(recorded.next());
			}
		}
	}

	/**
	 * Admits and durably records the deletion of a backup, unless another deletion of it
	 * is in flight: one DELETE of a backup at a time, on any replica (docs/design.md 3.4,
	 * "Hostile input"), checked and recorded under the backup's lock.
	 * @param backupId the backup to delete
	 * @param draft what is known about the request
	 * @return the recorded attempt
	 * @throws GatewayFailure {@code backup-in-progress} while another deletion of the
	 * backup has no outcome yet; nothing is recorded then
	 * @throws io.backupgateway.audit.AuditUnavailable when the store cannot be written or
	 * read; nothing may go upstream then
	 */
	public AuditAttempt admitDeletion(String backupId, AuditDraft draft) {
		return this.audit.withinStore(1, () -> this.transaction.execute((status) -> {
			this.locks.lock("deletion:" + backupId, this.timeoutSeconds);
			if (this.recent.deletionInFlight(backupId)) {
				throw new BackupInProgress(
						"A deletion of backup '" + backupId + "' is already in flight; its outcome is not known yet.");
			}
			return this.audit.recordAttempts(List.of(draft)).get(0);
		}));
	}

	private Quota quota(String team) {
		int max = this.limits.maxBackupsPerHour(team);
		Instant now = this.clock.instant();
		RecentCreates.Window window = this.recent.window(team, now.minus(WINDOW), max);
		return new Quota(max, window.counted(), (window.oldest() != null) ? window.oldest() : now, now);
	}

	/** The team's quota as the batch uses it up. */
	private static final class Quota {

		private final int max;

		private long counted;

		private final Instant oldest;

		private final Instant now;

		Quota(int max, long counted, Instant oldest, Instant now) {
			this.max = max;
			this.counted = counted;
			this.oldest = oldest;
			this.now = now;
		}

		boolean full() {
			return this.counted >= this.max;
		}

		void take() {
			this.counted++;
		}

		GatewayFailure refusal(String team) {
			long millis = Duration.between(this.now, this.oldest.plus(WINDOW)).toMillis();
			return new QuotaExhausted(team, this.max).retryAfter(Math.max(1, (millis + 999) / 1000));
		}

	}

}
