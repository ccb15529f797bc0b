package io.backupgateway.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.backupgateway.audit.AuditFollowUp;
import io.backupgateway.audit.BuildingBackup;
import io.backupgateway.audit.JobStatus;
import io.backupgateway.audit.Outcome;
import io.backupgateway.audit.PendingAttempt;
import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.cloud.Backup;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.config.CloudSettings;
import io.backupgateway.config.InstanceId;
import io.backupgateway.config.JobSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Settles {@code pending} entries from the cloud's backup list: those a stopped replica
 * left (docs/design.md section 6) and those whose caller got an ambiguous answer (3.4).
 * An entry older than three times (connect + response timeout), so that no replica can
 * still be working on it, is looked up: the earliest backup with its name that began
 * after the attempt makes it {@code accepted}; when none shows up by
 * {@code gateway.jobs.give-up-after} it becomes {@code failed} if a caller was answered,
 * else {@code unknown}. One replica at a time.
 */
@Component
class PendingResolver {

	/** This class's passes, under a database lock of their own. */
	static final BackgroundPasses.Job PASSES = new BackgroundPasses.Job("Resolving pending audit entries",
			0x6761_7465_0002L);

	private static final Logger log = LoggerFactory.getLogger(PendingResolver.class);

	static final int BATCH = 50;

	/**
	 * The cloud's clock and ours may differ a little: a backup may seem to begin earlier.
	 */
	static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

	private final AuditFollowUp audit;

	private final GeminiDb geminiDb;

	private final BackgroundPasses passes;

	private final Duration staleAfter;

	private final Duration giveUpAfter;

	private final Duration pollInterval;

	PendingResolver(AuditFollowUp audit, GeminiDb geminiDb, BackgroundPasses passes, CloudSettings cloud,
			JobSettings jobs) {
		this.audit = audit;
		this.geminiDb = geminiDb;
		this.passes = passes;
		this.staleAfter = cloud.connectTimeout().plus(cloud.responseTimeout()).multipliedBy(3);
		this.giveUpAfter = jobs.giveUpAfter();
		this.pollInterval = jobs.pollInterval();
	}

	@Scheduled(fixedDelayString = "${gateway.jobs.poll-interval:10s}",
			initialDelayString = "${gateway.jobs.poll-interval:10s}")
	void resolveInBackground() {
		this.passes.inBackground(PASSES, this::resolveOnce);
	}

	/**
	 * Looks at every stale pending entry once.
	 * @return how many were resolved
	 */
	int resolveOnce() {
		int resolved = this.passes.forEach(PASSES, this.pollInterval,
				(now) -> this.audit.pendingBefore(now.minus(this.staleAfter), BATCH), this::resolve);
		return resolved + this.passes.forEach(PASSES, this.pollInterval, (now) -> this.audit.buildingWithoutJob(BATCH),
				this::followBackup);
	}

	/**
	 * An entry settled while its backup was building has no job to follow: its backup's
	 * status in the list says when it ends (docs/design.md section 6). Gone from the
	 * list, or still building at give-up, the end is unknown.
	 */
	private boolean followBackup(BuildingBackup building, Instant now) {
		if (!InstanceId.isValid(building.instanceId())) {
			return false;
		}
		Optional<Backup> backup;
		try {
			backup = this.geminiDb.backups(building.projectId(), new InstanceId(building.instanceId()))
				.stream()
				.filter((listed) -> listed.id().equals(building.backupId()))
				.findFirst();
		}
		catch (CloudFailure | IllegalStateException ex) {
			log.debug("Backups of instance {} could not be listed this time: {}", building.instanceId(),
					ex.getMessage());
			return false;
		}
		Outcome end = backup.map((listed) -> switch (listed.status()) {
			case "COMPLETED" -> Outcome.COMPLETED;
			case "FAILED" -> Outcome.FAILED;
			default -> null;
		}).orElse(null);
		boolean givenUp = building.occurredAt().plus(this.giveUpAfter).isBefore(now);
		if (end == null && !givenUp) {
			// still building, or not listed yet: next pass
			return false;
		}
		Outcome recorded = (end != null) ? end : Outcome.UNKNOWN;
		this.audit.recordJobEnd(building.auditId(), recorded);
		log.info("Backup {} of settled entry {} ended: {}", building.backupId(), building.auditId(), recorded.value());
		return true;
	}

	private boolean resolve(PendingAttempt attempt, Instant now) {
		if (attempt.isDelete()) {
			return resolveDelete(attempt, now);
		}
		boolean givenUp = attempt.occurredAt().plus(this.giveUpAfter).isBefore(now);
		Optional<Backup> backup = Optional.empty();
		if (attempt.projectId() != null && attempt.instanceId() != null && attempt.backupName() != null
				&& InstanceId.isValid(attempt.instanceId())) {
			try {
				backup = earliestMatching(
						this.geminiDb.backups(attempt.projectId(), new InstanceId(attempt.instanceId())), attempt);
			}
			catch (CloudFailure | IllegalStateException ex) {
				log.debug("Backups of instance {} could not be listed this time: {}", attempt.instanceId(),
						ex.getMessage());
			}
		}
		if (backup.isPresent()) {
			this.audit.resolveAccepted(attempt.auditId(), backup.get().id(), jobStatusOf(backup.get().status()));
			log.info("Pending entry {} resolved: the cloud lists backup {}", attempt.auditId(), backup.get().id());
			return true;
		}
		if (givenUp) {
			this.audit.resolveNotFound(attempt.auditId(), attempt.answered());
			log.warn("Pending entry {} resolved as {}: no backup '{}' found", attempt.auditId(),
					attempt.answered() ? "failed" : "unknown", attempt.backupName());
			return true;
		}
		return false;
	}

	/**
	 * A delete whose answer was lost is settled from the list too: the backup gone means
	 * the deletion happened; still listed at give-up, it did not (or nobody knows).
	 */
	private boolean resolveDelete(PendingAttempt attempt, Instant now) {
		String backupId = attempt.backupId();
		if (attempt.projectId() != null && attempt.instanceId() != null && backupId != null
				&& InstanceId.isValid(attempt.instanceId())) {
			try {
				boolean listed = this.geminiDb.backups(attempt.projectId(), new InstanceId(attempt.instanceId()))
					.stream()
					.anyMatch((backup) -> backup.id().equals(backupId));
				if (!listed) {
					this.audit.resolveAccepted(attempt.auditId(), backupId, JobStatus.COMPLETED);
					log.info("Pending entry {} resolved: the cloud no longer lists backup {}", attempt.auditId(),
							backupId);
					return true;
				}
			}
			catch (CloudFailure | IllegalStateException ex) {
				log.debug("Backups of instance {} could not be listed this time: {}", attempt.instanceId(),
						ex.getMessage());
			}
		}
		if (attempt.occurredAt().plus(this.giveUpAfter).isBefore(now)) {
			this.audit.resolveNotFound(attempt.auditId(), attempt.answered());
			log.warn("Pending entry {} resolved as {}: backup {} is still listed", attempt.auditId(),
					attempt.answered() ? "failed" : "unknown", backupId);
			return true;
		}
		return false;
	}

	static Optional<Backup> earliestMatching(List<Backup> backups, PendingAttempt attempt) {
		Instant notBefore = attempt.occurredAt().minus(CLOCK_SKEW);
		return backups.stream()
			.filter((backup) -> backup.name().equals(attempt.backupName()))
			.filter((backup) -> backup.beganAt() != null && !backup.beganAt().isBefore(notBefore))
			.min(Comparator.comparing(Backup::beganAt));
	}

	static String jobStatusOf(String backupStatus) {
		return switch (backupStatus) {
			case "COMPLETED" -> JobStatus.COMPLETED;
			case "FAILED" -> JobStatus.FAILED;
			case "BUILDING" -> JobStatus.RUNNING;
			default -> JobStatus.UNKNOWN;
		};
	}

}
