package io.backupgateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.RecentCreates;
import io.backupgateway.failure.GatewayFailure;

import org.springframework.stereotype.Component;

/**
 * What admission decides (docs/design.md 3.4): the team's quota over a sliding hour and
 * one running backup per instance, for a batch of one team's attempts in the order they
 * arrived, each checked against what the batch admitted before it. It decides only; the
 * caller holds the team's lock and has the admitted attempts recorded.
 */
@Component
class AdmissionRules {

	static final Duration WINDOW = Duration.ofMinutes(60);

	private final RecentCreates recent;

	private final TeamLimits limits;

	private final Clock clock;

	AdmissionRules(RecentCreates recent, TeamLimits limits, Clock clock) {
		this.recent = recent;
		this.limits = limits;
		this.clock = clock;
	}

	/**
	 * Decides a batch, under the team's lock.
	 * @param team the team
	 * @param batch its attempts, in order
	 * @return the refused attempts with why, and the admitted ones in order
	 */
	Decisions decide(String team, List<AdmissionLine.Ticket> batch) {
		Quota quota = quota(team);
		boolean oneRunning = this.limits.oneRunningBackupPerInstance(team);
		Set<String> started = new HashSet<>();
		Map<AdmissionLine.Ticket, GatewayFailure> refused = new HashMap<>();
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
		return new Decisions(refused, admitted);
	}

	/**
	 * Refuses the deletion of a backup while another deletion of it has no outcome.
	 * @param backupId the backup
	 */
	void requireNoDeletionInFlight(String backupId) {
		if (this.recent.deletionInFlight(backupId)) {
			throw new BackupInProgress(
					"A deletion of backup '" + backupId + "' is already in flight; its outcome is not known yet.");
		}
	}

	private Quota quota(String team) {
		int max = this.limits.maxBackupsPerHour(team);
		Instant now = this.clock.instant();
		RecentCreates.Window window = this.recent.window(team, now.minus(WINDOW), max);
		return new Quota(max, window.counted(), (window.oldest() != null) ? window.oldest() : now, now);
	}

	/**
	 * A batch decided.
	 *
	 * @param refused the refused attempts, with why
	 * @param admitted the drafts of the admitted ones, in order
	 */
	record Decisions(Map<AdmissionLine.Ticket, GatewayFailure> refused, List<AuditDraft> admitted) {
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
