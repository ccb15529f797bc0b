package io.backupgateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many create and delete requests each caller sent to this replica in its current
 * minute (docs/design.md 3.4, "Caller rate"). Counted in memory, per replica, as the
 * contract says: the point is that a flooding caller reaches neither the audit store nor
 * the cloud, so it must cost nothing but a map entry.
 */
final class CallerRate {

	static final Duration WINDOW = Duration.ofMinutes(1);

	/** Above this many callers, windows that have ended are dropped. */
	private static final int TIDY_ABOVE = 10_000;

	private final int limit;

	private final Clock clock;

	private final Map<String, Window> windows = new ConcurrentHashMap<>();

	CallerRate(int limit, Clock clock) {
		this.limit = limit;
		this.clock = clock;
	}

	int limit() {
		return this.limit;
	}

	/**
	 * Counts a request.
	 * @param caller the caller's {@code sub}
	 * @return the verdict
	 */
	Verdict count(String caller) {
		Instant now = this.clock.instant();
		if (this.windows.size() > TIDY_ABOVE) {
			this.windows.values().removeIf((window) -> window.endsBy(now));
		}
		Window window = this.windows.compute(caller,
				(key, current) -> (current == null || current.endsBy(now)) ? new Window(now, 1) : current.next());
		if (window.count() <= this.limit) {
			return new Verdict(true, 0, false);
		}
		long millis = Duration.between(now, window.start().plus(WINDOW)).toMillis();
		return new Verdict(false, Math.max(1, (millis + 999) / 1000), window.count() == this.limit + 1);
	}

	/**
	 * One caller's current minute.
	 *
	 * @param start when it began
	 * @param count the requests in it so far
	 */
	private record Window(Instant start, int count) {

		boolean endsBy(Instant now) {
			return !now.isBefore(this.start.plus(WINDOW));
		}

		Window next() {
			return new Window(this.start, this.count + 1);
		}

	}

	/**
	 * What to do with a request.
	 *
	 * @param allowed whether it goes on
	 * @param retryAfterSeconds when the caller may send again, if it may not now
	 * @param firstRefusal whether this is the caller's first refusal in this minute (the
	 * one that is logged)
	 */
	record Verdict(boolean allowed, long retryAfterSeconds, boolean firstRefusal) {
	}

}
