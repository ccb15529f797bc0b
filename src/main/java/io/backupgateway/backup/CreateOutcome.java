package io.backupgateway.backup;

import io.backupgateway.idempotency.StoredAnswer;
import org.jspecify.annotations.Nullable;

/**
 * How a create request ends when it does not fail: the cloud accepted the backup, or the
 * request replays the answer its {@code Idempotency-Key} already got.
 *
 * @param accepted the new backup, when there is one
 * @param replayed the stored answer, when this is a replay
 */
record CreateOutcome(@Nullable BackupAccepted accepted, @Nullable StoredAnswer replayed) {

	static CreateOutcome accepted(BackupAccepted accepted) {
		return new CreateOutcome(accepted, null);
	}

	static CreateOutcome replayed(StoredAnswer answer) {
		return new CreateOutcome(null, answer);
	}

}
