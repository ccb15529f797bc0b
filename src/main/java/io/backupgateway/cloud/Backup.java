package io.backupgateway.cloud;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A backup as the cloud's backup list shows it.
 *
 * @param id the backup id
 * @param name the backup name
 * @param status {@code BUILDING}, {@code COMPLETED} or {@code FAILED}
 * @param beganAt when it began, if known
 */
public record Backup(String id, String name, String status, @Nullable Instant beganAt) {
}
