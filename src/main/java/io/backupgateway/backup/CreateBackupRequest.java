package io.backupgateway.backup;

/**
 * A valid create-backup body: exactly what is sent upstream.
 *
 * @param name the backup name
 * @param description the description, possibly empty
 */
record CreateBackupRequest(String name, String description) {
}
