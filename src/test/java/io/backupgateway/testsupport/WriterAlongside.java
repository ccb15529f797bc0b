package io.backupgateway.testsupport;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A writer that runs round after round on a thread of its own while a test reads, so a
 * test of "never sees a broken chain while entries are written" can prove the writing
 * really overlapped the reading, and fails when the writer did.
 */
public final class WriterAlongside implements AutoCloseable {

	private final AtomicLong rounds = new AtomicLong();

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private final AtomicBoolean stop = new AtomicBoolean();

	private final CountDownLatch started = new CountDownLatch(1);

	private final Thread thread;

	private WriterAlongside(Runnable round) {
		this.thread = new Thread(() -> {
			try {
				while (!this.stop.get()) {
					round.run();
					this.rounds.incrementAndGet();
					this.started.countDown();
				}
			}
			catch (Throwable ex) {
				this.failure.set(ex);
			}
			finally {
				this.started.countDown();
			}
		}, "writer-alongside");
	}

	/**
	 * Starts writing and returns once the first round is written (or failed).
	 * @param round one round of writing
	 * @return the running writer
	 * @throws InterruptedException when interrupted while waiting
	 */
	public static WriterAlongside start(Runnable round) throws InterruptedException {
		WriterAlongside writer = new WriterAlongside(round);
		writer.thread.start();
		if (!writer.started.await(60, TimeUnit.SECONDS)) {
			throw new AssertionError("the writer wrote nothing in a minute");
		}
		writer.requireHealthy();
		return writer;
	}

	/** How many rounds were written so far. */
	public long rounds() {
		return this.rounds.get();
	}

	/** Fails the test when the writer failed. */
	public void requireHealthy() {
		Throwable failed = this.failure.get();
		if (failed != null) {
			throw new AssertionError("the writer failed: " + failed, failed);
		}
	}

	/** Stops the writer, waits for it, and fails the test when it failed. */
	@Override
	public void close() throws InterruptedException {
		this.stop.set(true);
		this.thread.join();
		requireHealthy();
	}

}
