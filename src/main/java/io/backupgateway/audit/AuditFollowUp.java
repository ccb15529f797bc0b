package io.backupgateway.audit;

import java.time.Clock;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * What the background work writes to the trail (docs/design.md section 6): the end of a
 * backup job, as a {@code backup.job} entry of its own, and the settling of a
 * {@code pending} entry from the cloud's backup list.
 */
@Component
public class AuditFollowUp {

	private final AuditRepository repository;

	private final Clock clock;

	private final AuditMeters meters;

	AuditFollowUp(AuditRepository repository, Clock clock, MeterRegistry meters) {
		this.repository = repository;
		this.clock = clock;
		this.meters = new AuditMeters(meters);
	}

	/**
	 * Records a job's end as a {@code backup.job} entry linked to its request by job id
	 * (docs/design.md section 6): outcome {@code completed}, {@code failed} or
	 * {@code unknown}.
	 * @param requestEntry the entry of the request that started the job
	 * @param outcome how it ended
	 */
	public void recordJobEnd(UUID requestEntry, Outcome outcome) {
		String jobStatus = switch (outcome) {
			case COMPLETED -> JobStatus.COMPLETED;
			case FAILED -> JobStatus.FAILED;
			default -> JobStatus.UNKNOWN;
		};
		if (this.repository.insertJobEnd(UUID.randomUUID(), AuditRow.timestamp(this.clock), requestEntry, outcome,
				jobStatus)) {
			this.meters.count(AuditLog.ACTION_BACKUP_JOB, outcome, null);
		}
	}

	/**
	 * Resolves a pending entry whose backup the cloud lists: {@code accepted}. The answer
	 * a caller got, if any, stays as it was recorded.
	 * @param pendingEntry the pending entry
	 * @param backupId the backup found
	 * @param jobStatus the job status the backup's state implies
	 */
	public void resolveAccepted(UUID pendingEntry, String backupId, String jobStatus) {
		String action = this.repository.resolve(pendingEntry, Outcome.ACCEPTED, backupId, jobStatus);
		if (action != null) {
			this.meters.count(action, Outcome.ACCEPTED, null);
		}
	}

	/**
	 * Resolves a pending entry whose backup could not be found in time: {@code failed}
	 * when a caller was answered (an ambiguous answer, docs/design.md 3.4),
	 * {@code unknown} when nobody was (the replica stopped, section 6).
	 * @param pendingEntry the pending entry
	 * @param answered whether a caller received an answer
	 */
	public void resolveNotFound(UUID pendingEntry, boolean answered) {
		Outcome outcome = answered ? Outcome.FAILED : Outcome.UNKNOWN;
		String action = this.repository.resolve(pendingEntry, outcome, null, null);
		if (action != null) {
			this.meters.count(action, outcome, null);
		}
	}

}
