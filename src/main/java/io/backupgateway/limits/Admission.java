package io.backupgateway.limits;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
 * Admits an attempt and has it recorded, in one transaction that holds the team's lock
 * (docs/design.md 3.4): {@link AdmissionRules} decides (quota, backup in progress), the
 * audit trail records the admitted attempts, and nothing is settled before the commit.
 * Whoever holds the lock sees every attempt admitted before it, on any replica, so the
 * last slot of a quota or a free instance is given exactly once. The lock is held for a
 * few statements, never across the call to the cloud. Concurrent attempts of a team are
 * admitted together ({@link AdmissionLine}).
 */
@Component
public class Admission {

	/**
	 * Enough to amortise the commit; small enough that one batch never holds the lock
	 * long.
	 */
	static final int MAX_BATCH = RecentCreates.MAX_ADMITTED_AT_ONCE;

	private final Map<String, AdmissionLine> lines = new ConcurrentHashMap<>();

	private final AdmissionRules rules;

	private final AuditLog audit;

	private final DatabaseLocks locks;

	private final TransactionTemplate transaction;

	private final int timeoutSeconds;

	Admission(AdmissionRules rules, AuditLog audit, DatabaseLocks locks, PlatformTransactionManager transactions,
			AuditSettings settings) {
		this.rules = rules;
		this.audit = audit;
		this.locks = locks;
		this.transaction = new TransactionTemplate(transactions);
		// waiting for the lock is part of writing the attempt: bounded as that write is
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
		AdmissionRules.Decisions[] decided = new AdmissionRules.Decisions[1];
		List<AuditAttempt> attempts;
		try {
			attempts = this.audit.withinStore(batch.size(), () -> this.transaction.execute((status) -> {
				this.locks.lock("admission:" + team, this.timeoutSeconds);
				decided[0] = this.rules.decide(team, batch);
				return this.audit.recordAttempts(decided[0].admitted());
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
			GatewayFailure refusal = decided[0].refused().get(ticket);
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
			this.rules.requireNoDeletionInFlight(backupId);
			return this.audit.recordAttempts(List.of(draft)).get(0);
		}));
	}

}
