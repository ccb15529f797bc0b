package io.backupgateway.audit.review;

import java.util.concurrent.Semaphore;

import io.backupgateway.config.AuditSettings;
import io.backupgateway.web.GatewayException;
import io.backupgateway.web.ProblemCode;

import org.springframework.stereotype.Component;

/**
 * At most {@code gateway.audit.max-concurrent-exports} exports and verifications at once
 * on this replica (docs/design.md 3.4); one more is {@code 429 rate-limited} with
 * {@code Retry-After: 5}.
 */
@Component
class ExportSlots {

	private final Semaphore slots;

	ExportSlots(AuditSettings settings) {
		this.slots = new Semaphore(settings.maxConcurrentExports());
	}

	/**
	 * Takes a slot; the caller must give it back with {@link #release}.
	 * @throws GatewayException {@code rate-limited} when none is free
	 */
	void acquire() {
		if (!this.slots.tryAcquire()) {
			throw new GatewayException(ProblemCode.RATE_LIMITED,
					"Too many exports and verifications are running; retry in a few seconds.")
				.retryAfter(5);
		}
	}

	void release() {
		this.slots.release();
	}

}
