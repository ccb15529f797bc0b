package io.backupgateway.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.backupgateway.audit.AuditFollowUp;
import io.backupgateway.audit.OpenJob;
import io.backupgateway.audit.Outcome;
import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.cloud.Job;
import io.backupgateway.cloud.JobPage;
import io.backupgateway.config.JobSettings;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Follows the backup jobs this gateway started until they end, and records each end as a
 * {@code backup.job} entry (docs/design.md section 6). Driven from the audit store, not
 * from memory, so a restart loses nothing; runs on one replica at a time. It keeps up
 * with any create rate: each pass takes every open job, reads each project's job list
 * (running, completed and failed backups since the oldest open one started, fifty a call)
 * and looks up one by one only the jobs the lists do not show, never more than
 * {@code gateway.jobs.max-calls-per-second} calls a second to a project. A job that never
 * ends is recorded as {@code unknown} after {@code gateway.jobs.give-up-after}.
 */
@Component
class JobFollower {

	/** This class's passes, under a database lock of their own. */
	static final BackgroundPasses.Job PASSES = new BackgroundPasses.Job("Following backup jobs", 0x6761_7465_0003L);

	private static final Logger log = LoggerFactory.getLogger(JobFollower.class);

	/**
	 * A bound on one pass's reading of the store, far above any backlog it can follow.
	 */
	static final int MAX_OPEN = 50_000;

	/** The cloud's name for a backup job (docs/cloud-api.md). */
	static final String BACKUP_TASK = "BackupInstance";

	/**
	 * A job starts after its request arrived and before its answer; this much either side
	 * covers the cloud's clock and ours differing. Every second of it is read again by
	 * the slice it falls in, so it stays small.
	 */
	static final Duration CLOCK_SLACK = Duration.ofSeconds(2);

	/**
	 * The statuses of a job (docs/cloud-api.md): a job on none of the three lists is
	 * looked up on its own.
	 */
	private static final List<String> STATUSES = List.of("Completed", "Failed", "Running");

	/**
	 * The span of start times one read of the job list covers: at 100 creates a second,
	 * ten pages.
	 */
	static final Duration SLICE = Duration.ofSeconds(5);

	private final AuditFollowUp audit;

	private final GeminiDb geminiDb;

	private final BackgroundPasses passes;

	private final JobSettings settings;

	private final Clock clock;

	private final CallPacer pacer;

	private final AtomicLong open = new AtomicLong();

	private final AtomicLong oldestMillis = new AtomicLong();

	private final DistributionSummary callsPerPass;

	JobFollower(AuditFollowUp audit, GeminiDb geminiDb, BackgroundPasses passes, JobSettings settings, Clock clock,
			MeterRegistry meters) {
		this.audit = audit;
		this.geminiDb = geminiDb;
		this.passes = passes;
		this.settings = settings;
		this.clock = clock;
		this.pacer = new CallPacer(settings.maxCallsPerSecond());
		Gauge.builder("gateway.jobs.open", this.open, AtomicLong::get)
			.description("jobs whose end is not recorded yet, as the last pass on this replica found them")
			.register(meters);
		Gauge.builder("gateway.jobs.oldest.open.age", this.oldestMillis, (millis) -> millis.get() / 1000.0)
			.description("age of the oldest open job at the last pass on this replica")
			.baseUnit("seconds")
			.register(meters);
		this.callsPerPass = DistributionSummary.builder("gateway.jobs.calls")
			.description("calls to the cloud's job API per pass")
			.register(meters);
	}

	/**
	 * At a fixed rate, so a pass that used its whole budget on a backlog is followed by
	 * the next one at once rather than after another interval (passes never overlap).
	 */
	@Scheduled(fixedRateString = "${gateway.jobs.poll-interval:10s}",
			initialDelayString = "${gateway.jobs.poll-initial-delay:5s}")
	void followInBackground() {
		this.passes.inBackground(PASSES, this::followOnce);
	}

	/**
	 * Follows every open job once.
	 * @return how many job ends were recorded
	 */
	int followOnce() {
		return this.passes.run(PASSES, this.settings.pollInterval(), (deadline) -> {
			Instant now = this.clock.instant();
			List<OpenJob> jobs = this.audit.openJobs(now.minus(this.settings.pollInitialDelay()), MAX_OPEN);
			this.open.set(jobs.size());
			this.oldestMillis.set(jobs.isEmpty() ? 0 : Duration.between(jobs.get(0).occurredAt(), now).toMillis());
			Map<String, List<OpenJob>> byProject = new LinkedHashMap<>();
			jobs.forEach((job) -> byProject.computeIfAbsent(job.projectId(), (p) -> new ArrayList<>()).add(job));
			int recorded = 0;
			int calls = 0;
			for (Map.Entry<String, List<OpenJob>> project : byProject.entrySet()) {
				Pass pass = new Pass(project.getKey(), project.getValue(), now, deadline);
				recorded += pass.run();
				calls += pass.calls;
			}
			this.callsPerPass.record(calls);
			return recorded;
		});
	}

	/** One project's open jobs in one pass. */
	private final class Pass {

		private final String projectId;

		private final Map<String, OpenJob> waiting = new LinkedHashMap<>();

		private final Instant now;

		private final BackgroundPasses.Deadline deadline;

		private final Map<String, Job> seen = new HashMap<>();

		private int calls;

		Pass(String projectId, List<OpenJob> jobs, Instant now, BackgroundPasses.Deadline deadline) {
			this.projectId = projectId;
			jobs.forEach((job) -> this.waiting.put(job.jobId(), job));
			this.now = now;
			this.deadline = deadline;
		}

		int run() {
			boolean listed = readLists();
			int fromLists = this.seen.size();
			lookUpWhatTheListsDoNotShow(listed);
			int recorded = 0;
			for (OpenJob job : this.waiting.values()) {
				Outcome end = end(job);
				if (end != null) {
					JobFollower.this.audit.recordJobEnd(job.auditId(), end);
					log.info("Backup job {} of instance {} ended: {}", job.jobId(), job.instanceId(), end.value());
					recorded++;
				}
			}
			log.debug(
					"Project {}: {} open jobs, {} calls, {} seen in the lists (read whole: {}), {} looked up, "
							+ "{} ends recorded",
					this.projectId, this.waiting.size(), this.calls, fromLists, listed, this.seen.size() - fromLists,
					recorded);
			return recorded;
		}

		/**
		 * The project's backup jobs that ended, read in slices of {@link #SLICE} of start
		 * time from the oldest open backup's on, each slice whole (its pages do not move
		 * once it is past), slices without an open backup skipped: so a pass reads mostly
		 * the jobs it is waiting for, and a backlog larger than one pass is worked off
		 * from its oldest job.
		 * @return whether every slice was read whole
		 */
		private boolean readLists() {
			List<Instant> started = this.waiting.values()
				.stream()
				.filter(OpenJob::isBackup)
				.map(OpenJob::occurredAt)
				.sorted()
				.toList();
			if (started.isEmpty()) {
				return true;
			}
			Instant newest = started.get(started.size() - 1).plus(CLOCK_SLACK);
			Instant from = started.get(0).minus(CLOCK_SLACK).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
			int next = 0;
			while (!from.isAfter(newest)) {
				Instant to = from.plus(SLICE).minusSeconds(1);
				for (String status : STATUSES) {
					if (!readSlice(status, from, to)) {
						return false;
					}
				}
				from = from.plus(SLICE);
				// the next slice that holds an open backup
				while (next < started.size() && started.get(next).plus(CLOCK_SLACK).isBefore(from)) {
					next++;
				}
				if (next == started.size()) {
					break;
				}
				Instant due = started.get(next).minus(CLOCK_SLACK).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
				if (due.isAfter(from)) {
					from = due;
				}
			}
			return true;
		}

		/** One slice of one status's list, every page. */
		private boolean readSlice(String status, Instant from, Instant to) {
			for (int offset = 0;; offset += GeminiDb.JOB_PAGE) {
				JobPage page = page(status, from, to, offset);
				if (page == null) {
					return false;
				}
				if (page.isLast(offset, GeminiDb.JOB_PAGE)) {
					return true;
				}
			}
		}

		private @Nullable JobPage page(String status, Instant since, Instant until, int offset) {
			if (!JobFollower.this.pacer.acquire(this.projectId, this.deadline)) {
				return null;
			}
			this.calls++;
			try {
				JobPage page = JobFollower.this.geminiDb.jobs(this.projectId, status, BACKUP_TASK, since, until,
						offset);
				page.jobs()
					.stream()
					.filter((job) -> this.waiting.containsKey(job.id()))
					.forEach((job) -> this.seen.put(job.id(), job));
				return page;
			}
			catch (CloudFailure | IllegalStateException ex) {
				log.debug("The job list of project {} could not be read this time: {}", this.projectId,
						ex.getMessage());
				return null;
			}
		}

		/**
		 * One call per job only for what the lists did not answer for: a delete's job, a
		 * backup the lists did not show, or every job when the lists could not be read.
		 */
		private void lookUpWhatTheListsDoNotShow(boolean listed) {
			for (OpenJob job : this.waiting.values()) {
				if (this.seen.containsKey(job.jobId())) {
					continue;
				}
				if (!JobFollower.this.pacer.acquire(this.projectId, this.deadline)) {
					return;
				}
				this.calls++;
				try {
					Optional<Job> found = JobFollower.this.geminiDb.job(this.projectId, job.jobId());
					found.ifPresent((answer) -> this.seen.put(job.jobId(), answer));
				}
				catch (CloudFailure | IllegalStateException ex) {
					log.debug("Job {} could not be read this time: {}", job.jobId(), ex.getMessage());
				}
			}
		}

		private @Nullable Outcome end(OpenJob job) {
			Job found = this.seen.get(job.jobId());
			if (found != null && found.isFinished()) {
				return "Completed".equals(found.status()) ? Outcome.COMPLETED : Outcome.FAILED;
			}
			boolean givenUp = job.occurredAt().plus(JobFollower.this.settings.giveUpAfter()).isBefore(this.now);
			return givenUp ? Outcome.UNKNOWN : null;
		}

	}

}
