package io.backupgateway.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The trail as the work after the 202 sees it (docs/design.md section 6): what it reads
 * (the open jobs, the pending entries, the settled entries whose backup still builds, the
 * jobs started for a team) and what it writes (the end of a backup job, as a
 * {@code backup.job} entry of its own, and the settling of a {@code pending} entry from
 * the cloud's backup list). The {@code jobs} feature touches the trail through this class
 * only.
 */
@Component
public class AuditFollowUp {

	private final AuditRepository repository;

	private final JobLedger ledger;

	private final Clock clock;

	private final AuditMeters meters;

	AuditFollowUp(AuditRepository repository, JobLedger ledger, Clock clock, MeterRegistry meters) {
		this.repository = repository;
		this.ledger = ledger;
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

	/**
	 * Jobs started before a time whose end is not recorded, oldest first.
	 * @param startedBefore only requests older than this
	 * @param limit how many at most
	 * @return the open jobs
	 */
	public List<OpenJob> openJobs(Instant startedBefore, int limit) {
		return this.ledger.openJobs(startedBefore, limit);
	}

	/**
	 * Pending entries recorded before a time, oldest first.
	 * @param before only entries older than this
	 * @param limit how many at most
	 * @return the pending attempts
	 */
	public List<PendingAttempt> pendingBefore(Instant before, int limit) {
		return this.ledger.pendingBefore(before, limit);
	}

	/**
	 * Accepted creates settled while their backup was still building, whose backup's end
	 * is not recorded yet, oldest first.
	 * @param limit how many at most
	 * @return the entries
	 */
	public List<BuildingBackup> buildingWithoutJob(int limit) {
		return this.ledger.buildingWithoutJob(limit);
	}

	/**
	 * A job this gateway started for a team.
	 * @param team the team
	 * @param jobId the job id
	 * @return the job as the trail records it, or empty when the gateway did not start it
	 * for that team
	 */
	public Optional<StartedJob> startedJob(String team, String jobId) {
		return this.ledger.startedJob(team, jobId);
	}

}
