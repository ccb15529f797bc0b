package io.backupgateway.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.BackupTarget;
import io.backupgateway.access.Caller;
import io.backupgateway.cloud.Backup;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * A team's backups as the cloud lists them (docs/design.md 3.5): the v4 backup list of
 * each of the team's instances (or the one asked for), merged, newest first, in pages.
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

	BackupListing(AccessPolicy access, GeminiDb geminiDb) {
		this.access = access;
		this.geminiDb = geminiDb;
	}

	TeamBackups list(Caller caller, String team, @Nullable String instance, int limit, int offset) {
		List<BackupTarget> targets = this.access.requireListable(caller, team, instance);
		List<ListedBackup> all = new ArrayList<>();
		for (BackupTarget target : targets) {
			of(target).forEach((backup) -> all.add(ListedBackup.of(backup, target)));
		}
		all.sort(NEWEST_FIRST);
		int from = Math.min(offset, all.size());
		int to = Math.min(from + limit, all.size());
		return new TeamBackups(team, all.subList(from, to), (to < all.size()) ? to : null);
	}

	/**
	 * The backups of one instance, as the cloud lists them.
	 * @throws io.backupgateway.web.GatewayException the cloud's failure as a problem
	 */
	List<Backup> of(BackupTarget target) {
		try {
			return this.geminiDb.backups(target.projectId(), target.instance());
		}
		catch (CloudFailure ex) {
			throw UpstreamProblems.toProblem(ex);
		}
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
			@Nullable String type, String status, @Nullable Double sizeKb, @Nullable Instant beganAt,
			@Nullable Instant endedAt) {

		static ListedBackup of(Backup backup, BackupTarget target) {
			return new ListedBackup(backup.id(), backup.name(), backup.description(), target.instance().value(),
					backup.type(), backup.status(), backup.sizeKb(), backup.beganAt(), backup.endedAt());
		}

	}

}
