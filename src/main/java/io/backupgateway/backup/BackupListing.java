package io.backupgateway.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.BackupTarget;
import io.backupgateway.access.Caller;
import io.backupgateway.cloud.Backup;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.config.LimitSettings;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * A team's backups as the cloud lists them (docs/design.md 3.5): the v4 backup list of
 * each of the team's instances (or the one asked for), merged, newest first, in pages. A
 * page reads each instance's list at most once per {@link #FRESH_FOR}, however many
 * callers page at once (docs/design.md 3.4, "Hostile input"); a deletion reads afresh.
 */
@Component
class BackupListing {

	/**
	 * Newest first; backups the cloud gives no start time last; then by id, so pages are
	 * stable.
	 */
	static final Comparator<ListedBackup> NEWEST_FIRST = Comparator
		.comparing(ListedBackup::beganAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()))
		.reversed()
		.thenComparing(ListedBackup::backupId);

	private final AccessPolicy access;

	private final GeminiDb geminiDb;

	/** One per registered instance at most: the keys come from configuration. */
	private final Map<String, Recent> recent = new ConcurrentHashMap<>();

	private final long freshForNanos;

	BackupListing(AccessPolicy access, GeminiDb geminiDb, LimitSettings limits) {
		this.access = access;
		this.geminiDb = geminiDb;
		this.freshForNanos = limits.backupListFreshFor().toNanos();
	}

	TeamBackups list(Caller caller, String team, @Nullable String instance, int limit, int offset) {
		List<BackupTarget> targets = this.access.requireListable(caller, team, instance);
		List<ListedBackup> all = new ArrayList<>();
		for (BackupTarget target : targets) {
			recent(target).forEach((backup) -> all.add(ListedBackup.of(backup, target)));
		}
		all.sort(NEWEST_FIRST);
		int from = Math.min(offset, all.size());
		int to = Math.min(from + limit, all.size());
		return new TeamBackups(team, all.subList(from, to), (to < all.size()) ? to : null);
	}

	/**
	 * The backups of one instance, as the cloud lists them.
	 * @throws io.backupgateway.failure.GatewayFailure the cloud's failure as a problem
	 */
	List<Backup> of(BackupTarget target) {
		try {
			return this.geminiDb.backups(target.projectId(), target.instance());
		}
		catch (CloudFailure ex) {
			throw ex.problem();
		}
	}

	/**
	 * The backups of one instance as the cloud listed them at most {@link #FRESH_FOR}
	 * ago; concurrent readers of a stale list wait for one read of the cloud.
	 */
	private List<Backup> recent(BackupTarget target) {
		Recent slot = this.recent.computeIfAbsent(target.projectId() + "/" + target.instance().value(),
				(key) -> new Recent());
		synchronized (slot) {
			long now = System.nanoTime();
			if (slot.backups == null || now - slot.readAt > this.freshForNanos) {
				slot.backups = of(target);
				slot.readAt = now;
			}
			return slot.backups;
		}
	}

	/**
	 * Forgets what the cloud listed for an instance, once a deletion changed it.
	 * @param target the instance
	 */
	void forget(BackupTarget target) {
		this.recent.remove(target.projectId() + "/" + target.instance().value());
	}

	/** An instance's list, and when it was read. */
	private static final class Recent {

		private @Nullable List<Backup> backups;

		private long readAt;

	}

	/**
	 * The answer of {@code GET /v1/teams/{team}/backups}.
	 *
	 * @param team the team
	 * @param backups this page's backups, newest first
	 * @param nextOffset the offset of the next page, or {@code null} after the last
	 */
	record TeamBackups(String team, List<ListedBackup> backups, @Nullable Integer nextOffset) {
	}

	/**
	 * One backup of a team's instance.
	 *
	 * @param backupId the cloud's backup id
	 * @param name its name
	 * @param description its description
	 * @param instanceId its instance
	 * @param type {@code Manual} or {@code Auto}
	 * @param status {@code BUILDING}, {@code COMPLETED} or {@code FAILED}
	 * @param sizeKb its size in KB
	 * @param beganAt when it began
	 * @param endedAt when it ended
	 */
	record ListedBackup(String backupId, String name, @Nullable String description, String instanceId,
			@Schema(allowableValues = {
					"Manual", "Auto" }) @Nullable String type,
			@Schema(allowableValues = { "BUILDING", "COMPLETED", "FAILED" }) String status, @Nullable Double sizeKb,
			@Nullable Instant beganAt, @Nullable Instant endedAt){

		static ListedBackup of(Backup backup, BackupTarget target) {
			return new ListedBackup(backup.id(), backup.name(), backup.description(), target.instance().value(),
					backup.type(), backup.status(), backup.sizeKb(), backup.beganAt(), backup.endedAt());
		}

	}

}
