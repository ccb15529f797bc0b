package io.backupgateway.jobs;

import java.time.Instant;
import java.util.Optional;

import io.backupgateway.audit.AuditFollowUp;
import io.backupgateway.audit.OpenJob;
import io.backupgateway.audit.Outcome;
import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.cloud.Job;
import io.backupgateway.config.JobSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows the backup jobs this gateway started until they end, and records each end as a
 * {@code backup.job} entry (docs/design.md section 6). Driven from the audit store, not
 * from memory, so a restart loses nothing; runs on one replica at a time. A job that
 * never ends is recorded as {@code unknown} after {@code gateway.jobs.give-up-after}.
 */
@Component
class JobFollower {

	/** This class's passes, under a database lock of their own. */
	static final BackgroundPasses.Job PASSES = new BackgroundPasses.Job("Following backup jobs", 0x6761_7465_0003L);

	private static final Logger log = LoggerFactory.getLogger(JobFollower.class);

	static final int BATCH = 100;

	private final AuditFollowUp audit;

	private final GeminiDb geminiDb;

	private final BackgroundPasses passes;

	private final JobSettings settings;

	JobFollower(AuditFollowUp audit, GeminiDb geminiDb, BackgroundPasses passes, JobSettings settings) {
		this.audit = audit;
		this.geminiDb = geminiDb;
		this.passes = passes;
		this.settings = settings;
	}

	@Scheduled(fixedDelayString = "${gateway.jobs.poll-interval:10s}",
			initialDelayString = "${gateway.jobs.poll-initial-delay:5s}")
	void followInBackground() {
		this.passes.inBackground(PASSES, this::followOnce);
	}

	/**
	 * Polls every open job once.
	 * @return how many job ends were recorded
	 */
	int followOnce() {
		return this.passes.forEach(PASSES, this.settings.pollInterval(),
				(now) -> this.audit.openJobs(now.minus(this.settings.pollInitialDelay()), BATCH), this::follow);
	}

	private boolean follow(OpenJob job, Instant now) {
		Outcome end = poll(job, now);
		if (end == null) {
			return false;
		}
		this.audit.recordJobEnd(job.auditId(), end);
		log.info("Backup job {} of instance {} ended: {}", job.jobId(), job.instanceId(), end.value());
		return true;
	}

	private @Nullable Outcome poll(OpenJob job, Instant now) {
		boolean givenUp = job.occurredAt().plus(this.settings.giveUpAfter()).isBefore(now);
		try {
			Optional<Job> found = this.geminiDb.job(job.projectId(), job.jobId());
			if (found.isPresent() && found.get().isFinished()) {
				return "Completed".equals(found.get().status()) ? Outcome.COMPLETED : Outcome.FAILED;
			}
		}
		catch (CloudFailure | IllegalStateException ex) {
			log.debug("Job {} could not be read this time: {}", job.jobId(), ex.getMessage());
		}
		return givenUp ? Outcome.UNKNOWN : null;
	}

}
