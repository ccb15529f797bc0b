package io.backupgateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * How many requests of one kind each caller sent to this replica in the last 60 seconds
 * (docs/design.md 3.4, "Caller rate"): a sliding window, so that no 60 seconds, wherever
 * they begin, let more than the limit through (a fixed minute lets twice the limit
 * through across its boundary). Counted in memory, per replica, as the contract says: a
 * flooding caller must cost nothing but its own recent times, at most {@code limit} of
 * them, and a caller idle for a minute is forgotten.
 */
final class CallerRate {

	static final Duration WINDOW = Duration.ofMinutes(1);

	private static final long WINDOW_MILLIS = WINDOW.toMillis();

	/** Above this many callers, callers idle for a whole window are forgotten. */
	private static final int TIDY_ABOVE = 10_000;

	private final int limit;

	private final Clock clock;

	private final ConcurrentMap<String, Recent> callers = new ConcurrentHashMap<>();

	CallerRate(int limit, Clock clock) {
		this.limit = limit;
		this.clock = clock;
	}

	int limit() {
		return this.limit;
	}

	/** How many callers are remembered: for tests of the memory bound. */
	int callers() {
		return this.callers.size();
	}

	/**
	 * Counts a request, if the caller's window has room for it; a refused request is not
	 * counted, so a caller that stops sending is let through again as its window slides.
	 * @param caller the caller's {@code sub}
	 * @return the verdict
	 */
	Verdict count(String caller) {
		long now = this.clock.millis();
		if (this.callers.size() > TIDY_ABOVE) {
			forgetIdle(now);
		}
		Verdict[] verdict = new Verdict[1];
		this.callers.compute(caller, (key, recent) -> {
			Recent times = (recent != null) ? recent : new Recent();
			verdict[0] = times.admit(now, this.limit);
			return times;
		});
		return verdict[0];
	}

	/** Forgets every caller with no request in the last window. */
	void forgetIdle(long now) {
		for (String caller : this.callers.keySet()) {
			this.callers.computeIfPresent(caller, (key, recent) -> recent.idleAt(now) ? null : recent);
		}
	}

	/**
	 * One caller's admitted requests in the last window, oldest first, in a ring that
	 * grows up to the limit; and when its last refusal was logged.
	 */
	private static final class Recent {

		private long[] times = new long[8];

		private int head;

		private int size;

		private boolean refusalLogged;

		private long lastRefusalLogged;

		Verdict admit(long now, int limit) {
			while (this.size > 0 && now - this.times[this.head] >= WINDOW_MILLIS) {
				this.head = (this.head + 1) % this.times.length;
				this.size--;
			}
			if (this.size >= limit) {
				long millis = this.times[this.head] + WINDOW_MILLIS - now;
				boolean log = !this.refusalLogged || now - this.lastRefusalLogged >= WINDOW_MILLIS;
				if (log) {
					this.refusalLogged = true;
					this.lastRefusalLogged = now;
				}
				return new Verdict(false, Math.max(1, (millis + 999) / 1000), log);
			}
			if (this.size == this.times.length) {
				grow(limit);
			}
			this.times[(this.head + this.size) % this.times.length] = now;
			this.size++;
			return new Verdict(true, 0, false);
		}

		boolean idleAt(long now) {
			return this.size == 0 || now - this.times[(this.head + this.size - 1) % this.times.length] >= WINDOW_MILLIS;
		}

		private void grow(int limit) {
			long[] larger = new long[(int) Math.min(limit, this.times.length * 2L)];
			for (int i = 0; i < this.size; i++) {
				larger[i] = this.times[(this.head + i) % this.times.length];
			}
			this.times = larger;
			this.head = 0;
		}

	}

	/**
	 * What to do with a request.
	 *
	 * @param allowed whether it goes on
	 * @param retryAfterSeconds when the caller may send again, if it may not now
	 * @param logRefusal whether this refusal is the first in a minute for its caller (the
	 * one that is logged)
	 */
	record Verdict(boolean allowed, long retryAfterSeconds, boolean logRefusal) {
	}

}
