package io.backupgateway.audit.review;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import io.backupgateway.config.AuditSettings;

import org.springframework.stereotype.Component;

/**
 * At most {@code gateway.audit.max-concurrent-exports} exports and verifications at once
 * on this replica, and one at a time per caller (docs/design.md 3.4); one more is
 * {@code 429 rate-limited} with {@code Retry-After: 5}. One caller alone can therefore
 * never take every slot.
 */
@Component
class ExportSlots {

	private final Semaphore slots;

	private final Set<String> callers = ConcurrentHashMap.newKeySet();

	ExportSlots(AuditSettings settings) {
		this.slots = new Semaphore(settings.maxConcurrentExports());
	}

	/**
	 * Takes a slot for a caller; it must be given back with {@link #release}.
	 * @param caller the caller's {@code sub}
	 * @throws io.backupgateway.failure.GatewayFailure {@code rate-limited} when the
	 * caller already holds one or none is free
	 */
	void acquire(String caller) {
		if (!this.callers.add(caller)) {
			throw new ExportsBusy("An export or verification of yours is still running; one runs at a time per caller.")
				.retryAfter(5);
		}
		if (!this.slots.tryAcquire()) {
			this.callers.remove(caller);
			throw new ExportsBusy("Too many exports and verifications are running; retry in a few seconds.")
				.retryAfter(5);
		}
	}

	void release(String caller) {
		this.slots.release();
		this.callers.remove(caller);
	}

}
