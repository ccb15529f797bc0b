package io.backupgateway.background;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the passes of the background jobs (sealing the chain, following backup jobs,
 * resolving pending entries): each pass in one transaction that holds the job's
 * PostgreSQL transaction-scoped advisory lock, taken without waiting, so one replica at a
 * time runs it (docs/design.md section 6); H2, the single-instance sandbox, needs no
 * lock. A pass has a time budget, so a slow cloud cannot hold the lock and its connection
 * for longer than the job's interval.
 */
@Component
public class BackgroundPasses {

	private static final Logger log = LoggerFactory.getLogger(BackgroundPasses.class);

	/**
	 * A job that runs in passes, declared by the feature that owns it: what it does, for
	 * the logs, and the key of its database lock, which no other job may share.
	 *
	 * @param description what it does
	 * @param key its lock's key
	 */
	public record Job(String description, long key) {

		private static final Map<Long, String> TAKEN = new ConcurrentHashMap<>();

		public Job {
			String other = TAKEN.putIfAbsent(key, description);
			if (other != null && !other.equals(description)) {
				throw new IllegalStateException("Background jobs '" + other + "' and '" + description
						+ "' would share the lock key " + Long.toHexString(key));
			}
		}

	}

	/** One pass of a job's work. */
	@FunctionalInterface
	public interface Pass {

		/**
		 * @param deadline when the pass should stop taking on more work
		 * @return how many items it handled
		 */
		int run(Deadline deadline);

	}

	private final DatabaseLocks locks;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final MeterRegistry meters;

	BackgroundPasses(DatabaseLocks locks, PlatformTransactionManager transactions, Clock clock, MeterRegistry meters) {
		this.locks = locks;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
		this.meters = meters;
	}

	/**
	 * Runs one pass, unless another replica is running the job right now.
	 * @param job the job
	 * @param budget how long the pass may take on more work
	 * @param pass the work
	 * @return what the pass returned, or 0 when another replica holds the lock
	 */
	public int run(Job job, Duration budget, Pass pass) {
		long started = System.nanoTime();
		boolean[] ran = { false };
		try {
			Integer handled = this.transaction.execute((status) -> {
				if (!this.locks.tryLock(job.key())) {
					return 0;
				}
				ran[0] = true;
				return pass.run(deadline(budget));
			});
			return (handled != null) ? handled : 0;
		}
		finally {
			// what a pass costs, and what it may hold up: the bench's breakdown reads it
			Timer.builder("gateway.background.passes")
				.description("passes of the background jobs, by job and whether this replica ran it")
				.tag("job", job.description())
				.tag("ran", String.valueOf(ran[0]))
				.register(this.meters)
				.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
		}
	}

	/**
	 * Runs one pass over a list of items, oldest first, until the items or the budget run
	 * out.
	 * @param <T> the items' type
	 * @param job the job
	 * @param budget how long the pass may take on more items
	 * @param items lists the items, given the time the pass started
	 * @param handle handles one item, given the time the pass started; says whether it
	 * counts as handled
	 * @return how many items were handled
	 */
	public <T> int forEach(Job job, Duration budget, Function<Instant, List<T>> items, BiPredicate<T, Instant> handle) {
		return run(job, budget, (deadline) -> {
			Instant started = this.clock.instant();
			int handled = 0;
			for (T item : items.apply(started)) {
				if (deadline.passed()) {
					break;
				}
				if (handle.test(item, started)) {
					handled++;
				}
			}
			return handled;
		});
	}

	/**
	 * Keeps a job from writing while the current transaction reads what it writes, where
	 * the store gives no snapshot reads of its own (see
	 * {@link DatabaseLocks#holdOffWithoutSnapshots}).
	 * @param job the job
	 */
	public void holdOff(Job job) {
		this.locks.holdOffWithoutSnapshots(job.key());
	}

	/**
	 * A deadline that ends a budget from now.
	 * @param budget the budget
	 * @return the deadline
	 */
	public Deadline deadline(Duration budget) {
		return new Deadline(this.clock, this.clock.instant().plus(budget));
	}

	/**
	 * Runs a job's scheduled work; a failure is logged and the work is tried again at the
	 * next run.
	 * @param job the job
	 * @param work the work
	 */
	public void inBackground(Job job, Runnable work) {
		try {
			work.run();
		}
		catch (RuntimeException ex) {
			log.warn("{} failed; it will be retried ({})", job.description(), ex.getClass().getSimpleName());
		}
	}

	/**
	 * When a pass should stop taking on more work.
	 *
	 * @param clock the clock
	 * @param end the end of the pass's budget
	 */
	public record Deadline(Clock clock, Instant end) {

		public boolean passed() {
			return this.clock.instant().isAfter(this.end);
		}

	}

}
