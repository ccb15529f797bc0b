package io.backupgateway.backup;

import io.backupgateway.idempotency.StoredAnswer;
import org.jspecify.annotations.Nullable;

/**
 * How a delete request ends when it does not fail: the cloud accepted the deletion, or
 * the request replays the answer its {@code Idempotency-Key} already got.
 *
 * @param accepted the delete job, when there is one
 * @param replayed the stored answer, when this is a replay
 */
record DeleteOutcome(@Nullable BackupDeleting accepted, @Nullable StoredAnswer replayed) {

	static DeleteOutcome accepted(BackupDeleting accepted) {
		return new DeleteOutcome(accepted, null);
	}

	static DeleteOutcome replayed(StoredAnswer answer) {
		return new DeleteOutcome(null, answer);
	}

}
