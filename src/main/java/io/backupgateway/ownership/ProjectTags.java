package io.backupgateway.ownership;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

/**
 * One project's tag answer on this replica: the last good one, the last attempt, and the
 * read in flight, which every request that needs it waits on instead of reading again.
 */
final class ProjectTags {

	/** What a read of a project's tags ended with. */
	record Attempt(Instant at, @Nullable String failure) {

		boolean succeeded() {
			return this.failure == null;
		}

	}

	final String project;

	final String projectId;

	private final ReentrantLock lock = new ReentrantLock();

	private volatile @Nullable TagAnswer answer;

	private volatile @Nullable Attempt last;

	private @Nullable Instant started;

	private @Nullable CompletableFuture<Void> reading;

	ProjectTags(String project, String projectId) {
		this.project = project;
		this.projectId = projectId;
	}

	@Nullable TagAnswer answer() {
		return this.answer;
	}

	@Nullable Attempt last() {
		return this.last;
	}

	/** The last good answer, if it may still be used at {@code now}. */
	@Nullable TagAnswer usable(Instant now, Duration maxStaleness) {
		TagAnswer current = this.answer;
		return (current != null && !current.readAt().plus(maxStaleness).isBefore(now)) ? current : null;
	}

	/**
	 * Starts a read, or joins the one in flight.
	 * @param now the time
	 * @param notBefore a read that started after it makes a new one unnecessary; null:
	 * read in any case
	 * @return the read to run (its caller must {@link #finish} it), the read in flight to
	 * wait on, or nothing to do
	 */
	Start start(Instant now, @Nullable Duration notBefore) {
		this.lock.lock();
		try {
			if (this.reading != null) {
				return new Start(null, this.reading);
			}
			if (notBefore != null && this.started != null && this.started.plus(notBefore).isAfter(now)) {
				return new Start(null, null);
			}
			CompletableFuture<Void> mine = new CompletableFuture<>();
			this.reading = mine;
			this.started = now;
			return new Start(mine, null);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Ends the read this replica ran: its answer, if it succeeded, replaces the last. */
	void finish(CompletableFuture<Void> read, Attempt attempt, @Nullable TagAnswer found) {
		if (found != null) {
			this.answer = found;
		}
		this.last = attempt;
		this.lock.lock();
		try {
			this.reading = null;
		}
		finally {
			this.lock.unlock();
		}
		read.complete(null);
	}

	/**
	 * @param run the read this caller runs, if any
	 * @param inFlight the read in flight this caller waits on, if any
	 */
	record Start(@Nullable CompletableFuture<Void> run, @Nullable CompletableFuture<Void> inFlight) {
	}

}
