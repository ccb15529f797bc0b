package io.backupgateway.backup;

import io.backupgateway.idempotency.StoredAnswer;

/**
 * How a create or delete request ends when it does not fail: the answer exactly as it is
 * sent, the same bytes its {@code Idempotency-Key} keeps, or the first answer replayed.
 *
 * @param status the HTTP status
 * @param contentType the content type
 * @param body the body
 * @param replayed whether this is the stored answer of an earlier request
 */
record Answered(int status, String contentType, String body, boolean replayed) {

	static Answered replaying(StoredAnswer answer) {
		return new Answered(answer.httpStatus(), answer.contentType(), answer.body(), true);
	}

}
