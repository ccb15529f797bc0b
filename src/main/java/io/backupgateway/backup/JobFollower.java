package io.backupgateway.backup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.backupgateway.audit.AuditLog;
import io.backupgateway.audit.DatabaseLocks;
import io.backupgateway.audit.OpenJob;
import io.backupgateway.audit.Outcome;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.cloud.Job;
import io.backupgateway.config.GatewayProperties;
import io.backupgateway.web.GatewayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows the backup jobs this gateway started until they end, and records each end as a
 * {@code backup.job} entry (DESIGN section 6). Driven from the audit store, not from
 * memory, so a restart loses nothing; runs on one replica at a time. A job that never
 * ends is recorded as {@code unknown} after {@code gateway.jobs.give-up-after}.
 */
@Component
class JobFollower {

	private static final Logger log = LoggerFactory.getLogger(JobFollower.class);

	static final int BATCH = 100;

	private final AuditLog audit;

	private final GeminiDb geminiDb;

	private final DatabaseLocks locks;

	private final GatewayProperties.Jobs settings;

	private final Clock clock;

	JobFollower(AuditLog audit, GeminiDb geminiDb, DatabaseLocks locks, GatewayProperties properties, Clock clock) {
		this.audit = audit;
		this.geminiDb = geminiDb;
		this.locks = locks;
		this.settings = properties.jobs();
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${gateway.jobs.poll-interval:10s}",
			initialDelayString = "${gateway.jobs.poll-initial-delay:5s}")
	void followInBackground() {
		try {
			followOnce();
		}
		catch (RuntimeException ex) {
			log.warn("Following backup jobs failed; retrying at the next poll ({})", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Polls every open job once.
	 * @return how many job ends were recorded
	 */
	int followOnce() {
		return this.locks.exclusively(DatabaseLocks.Job.JOB_FOLLOWER, () -> {
			Instant now = this.clock.instant();
			List<OpenJob> jobs = this.audit.openJobs(now.minus(this.settings.pollInitialDelay()), BATCH);
			int ended = 0;
			for (OpenJob job : jobs) {
				if (Duration.between(now, this.clock.instant()).compareTo(this.settings.pollInterval()) > 0) {
					// a slow cloud must not keep the lock (and a connection) for longer
					// than a poll
					break;
				}
				Outcome end = poll(job, now);
				if (end != null) {
					this.audit.recordJobEnd(job, end);
					log.info("Backup job {} of instance {} ended: {}", job.jobId(), job.instanceId(), end.value());
					ended++;
				}
			}
			return ended;
		});
	}

	private @org.jspecify.annotations.Nullable Outcome poll(OpenJob job, Instant now) {
		boolean givenUp = job.occurredAt().plus(this.settings.giveUpAfter()).isBefore(now);
		try {
			Optional<Job> found = this.geminiDb.job(job.projectId(), job.jobId());
			if (found.isPresent() && found.get().isFinished()) {
				return "Completed".equals(found.get().status()) ? Outcome.COMPLETED : Outcome.FAILED;
			}
		}
		catch (GatewayException | IllegalStateException ex) {
			log.debug("Job {} could not be read this time: {}", job.jobId(), ex.getMessage());
		}
		return givenUp ? Outcome.UNKNOWN : null;
	}

}
