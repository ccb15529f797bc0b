package io.backupgateway.cloud.geminidb;

import java.util.Set;

import io.backupgateway.cloud.BackupCreated;
import io.backupgateway.cloud.BackupDeleted;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.CloudFailure.Kind;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads GeminiDB's answers to a create call into success or a typed {@link CloudFailure},
 * with the kinds docs/design.md 3.2 distinguishes. The cloud's {@code error_code} and
 * {@code error_msg} are kept; its headers and the token never are.
 */
public final class UpstreamErrors {

	/** The cloud's statuses that mean "refused", unless they are a token error. */
	private static final Set<Integer> REFUSALS = Set.of(400, 403, 404, 409, 412, 422);

	/** GeminiDB's 403 code for an invalid token (docs/cloud-api.md, GeminiDB). */
	private static final String TOKEN_INVALID = "DBS.280056";

	private static final int MAX_MESSAGE = 512;

	private final JsonMapper json;

	public UpstreamErrors(JsonMapper json) {
		this.json = json;
	}

	/**
	 * A token error: a 401 (such as {@code APIGW.0307}), or a 403 {@code DBS.280056}. The
	 * caller refreshes the token once and retries once (docs/design.md section 7).
	 * @param answer the cloud's answer
	 * @return whether the token was refused
	 */
	public boolean isTokenError(UpstreamAnswer answer) {
		return answer.status() == 401 || (answer.status() == 403 && TOKEN_INVALID.equals(field(answer, "error_code")));
	}

	/**
	 * Reads a successful answer, or throws the error it stands for.
	 * @param answer the cloud's answer to a create-backup call
	 * @return the created backup
	 * @throws CloudFailure {@code REJECTED}, {@code THROTTLED} or {@code ERROR}
	 */
	public BackupCreated toCreated(UpstreamAnswer answer) {
		int status = answer.status();
		if (status >= 200 && status <= 299) {
			String jobId = field(answer, "job_id");
			String backupId = field(answer, "backup_id");
			if (jobId == null || jobId.isBlank() || backupId == null || backupId.isBlank()) {
				throw failure(Kind.ERROR, "The cloud answered " + status + " without a job_id and backup_id.", answer,
						true);
			}
			return new BackupCreated(status, jobId, backupId);
		}
		throw refusal(answer, "create the backup");
	}

	/**
	 * Reads the answer to {@code DELETE /v3/{project_id}/backups/{backup_id}}.
	 * @param answer the answer
	 * @return the delete job
	 * @throws CloudFailure for every other answer, as for a create
	 */
	public BackupDeleted toDeleted(UpstreamAnswer answer) {
		int status = answer.status();
		if (status >= 200 && status <= 299) {
			String jobId = field(answer, "job_id");
			if (jobId == null || jobId.isBlank()) {
				throw failure(Kind.ERROR, "The cloud answered " + status + " without a job_id.", answer, true);
			}
			return new BackupDeleted(status, jobId);
		}
		throw refusal(answer, "delete the backup");
	}

	/**
	 * A non-2xx answer as a failure: the same rules for every call that changes
	 * something.
	 */
	private CloudFailure refusal(UpstreamAnswer answer, String what) {
		int status = answer.status();
		if (isTokenError(answer)) {
			return failure(Kind.ERROR, "The cloud refused the gateway's credentials even after a refresh.", answer,
					false);
		}
		if (REFUSALS.contains(status)) {
			return failure(Kind.REJECTED, "The cloud refused to " + what + ".", answer, false);
		}
		if (status == 429) {
			return new CloudFailure(Kind.THROTTLED, "The cloud is throttling requests; try again later.",
					upstreamError(answer), seconds(answer.retryAfter()), null);
		}
		return failure(Kind.ERROR, "The cloud failed to " + what + " (HTTP " + status + ").", answer, status >= 500);
	}

	private CloudFailure failure(Kind kind, String detail, UpstreamAnswer answer, boolean mayHaveCreated) {
		return new CloudFailure(kind, detail, upstreamError(answer), null, null, mayHaveCreated);
	}

	/**
	 * What the cloud said in a failed answer.
	 * @param answer the answer
	 * @return its status, error code and message
	 */
	public CloudFailure.UpstreamError upstreamError(UpstreamAnswer answer) {
		return new CloudFailure.UpstreamError(answer.status(), clip(field(answer, "error_code")),
				clip(field(answer, "error_msg")));
	}

	private @Nullable String field(UpstreamAnswer answer, String name) {
		if (answer.body().length == 0) {
			return null;
		}
		try {
			JsonNode value = this.json.readTree(answer.body()).get(name);
			return (value != null && value.isString()) ? value.stringValue() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static @Nullable String clip(@Nullable String text) {
		return (text != null && text.length() > MAX_MESSAGE) ? text.substring(0, MAX_MESSAGE) : text;
	}

	/** Only delay-seconds are passed on; an HTTP-date is read as "no hint". */
	static @Nullable Long seconds(@Nullable String retryAfter) {
		if (retryAfter == null || !retryAfter.trim().matches("\\d{1,9}")) {
			return null;
		}
		return Long.parseLong(retryAfter.trim());
	}

}
