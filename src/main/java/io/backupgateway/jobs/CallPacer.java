package io.backupgateway.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backupgateway.background.BackgroundPasses;

/**
 * At most {@code gateway.jobs.max-calls-per-second} calls a second to one project's job
 * API, however large the backlog (the cloud throttles with {@code DBS.280443}): each call
 * waits for its slot, evenly spaced. One pass runs at a time (a database lock), so the
 * spacing holds across replicas too, as far as a pass goes.
 */
final class CallPacer {

	private final long spacingNanos;

	private final Map<String, Long> next = new ConcurrentHashMap<>();

	CallPacer(int callsPerSecond) {
		this.spacingNanos = Duration.ofSeconds(1).toNanos() / callsPerSecond;
	}

	/**
	 * Waits for the project's next slot.
	 * @param project the project's id
	 * @param deadline the pass's deadline
	 * @return whether the slot came before the deadline (false: make no call)
	 */
	boolean acquire(String project, BackgroundPasses.Deadline deadline) {
		long now = System.nanoTime();
		long slot = Math.max(now, this.next.getOrDefault(project, now));
		long waitNanos = slot - now;
		if (waitNanos > 0) {
			if (deadline.clock().instant().plusNanos(waitNanos).isAfter(deadline.end())) {
				return false;
			}
			try {
				Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		this.next.put(project, slot + this.spacingNanos);
		return true;
	}

}
