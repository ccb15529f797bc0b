package io.backupgateway.idempotency;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * One request's part in the key it holds: the create flow says, once it knows, whether
 * the cloud may have created the backup; {@link IdempotencyFilter} then keeps the answer
 * that was sent under the key, or releases the key, before the caller sees the answer.
 */
public final class IdempotentRequest {

	static final String ATTRIBUTE = IdempotentRequest.class.getName();

	private final boolean settled;

	private @Nullable HeldKey held;

	private boolean keep;

	private @Nullable UUID auditId;

	private @Nullable String jobId;

	private @Nullable String backupId;

	private @Nullable String code;

	/**
	 * The request's idempotency state, as the filter set it up; a detached one (kept by
	 * nobody) when the filter did not run.
	 * @param request the request
	 * @return its state
	 */
	public static IdempotentRequest of(HttpServletRequest request) {
		return (request.getAttribute(ATTRIBUTE) instanceof IdempotentRequest state) ? state
				: new IdempotentRequest(false);
	}

	IdempotentRequest(boolean settled) {
		this.settled = settled;
	}

	/**
	 * Whether the filter settles this request's key when its answer is sent.
	 * @return false for a detached state, which may not claim a key
	 */
	boolean settled() {
		return this.settled;
	}

	void hold(HeldKey key) {
		this.held = key;
	}

	/**
	 * The cloud may have created the backup (it answered 2xx or ambiguously): the answer
	 * is kept under the key for {@code gateway.idempotency.retention}.
	 * @param auditId the request's audit entry
	 * @param jobId the job, if known
	 * @param backupId the backup, if known
	 * @param code the problem code answered, when the answer is a problem
	 */
	public void keepAnswer(UUID auditId, @Nullable String jobId, @Nullable String backupId, @Nullable String code) {
		this.keep = true;
		this.code = code;
		this.auditId = auditId;
		this.jobId = jobId;
		this.backupId = backupId;
	}

	@Nullable HeldKey held() {
		return this.held;
	}

	boolean keep() {
		return this.keep;
	}

	@Nullable UUID auditId() {
		return this.auditId;
	}

	@Nullable String jobId() {
		return this.jobId;
	}

	@Nullable String backupId() {
		return this.backupId;
	}

	@Nullable String code() {
		return this.code;
	}

}
