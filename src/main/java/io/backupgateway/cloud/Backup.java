package io.backupgateway.cloud;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A backup as the cloud's backup list shows it ({@code GET /v4/{project_id}/backups}).
 *
 * @param id the backup id
 * @param name the backup name
 * @param status {@code BUILDING}, {@code COMPLETED} or {@code FAILED}
 * @param beganAt when it began, if known
 * @param description its description, if any
 * @param instanceId the instance it belongs to, if listed
 * @param type {@code Manual} or {@code Auto}, if listed
 * @param sizeKb its size in KB, if listed
 * @param endedAt when it ended, if it has
 */
public record Backup(String id, String name, String status, @Nullable Instant beganAt, @Nullable String description,
		@Nullable String instanceId, @Nullable String type, @Nullable Double sizeKb, @Nullable Instant endedAt) {

	/** The cloud's {@code type} of a backup a user asked for. */
	public static final String MANUAL = "Manual";

	public boolean isManual() {
		return MANUAL.equals(this.type);
	}

}
