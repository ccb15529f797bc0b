package io.backupgateway.limits;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.backupgateway.access.BackupTarget;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import org.jspecify.annotations.Nullable;

/**
 * One team's line at the admission desk: a group commit. Concurrent attempts of a team
 * wait in line, and the first of them admits everyone waiting in one transaction, so the
 * team's lock, the quota count and the commit are paid once per batch instead of once per
 * request (docs/performance.md). Whoever arrives while a batch is being admitted waits
 * for the next one, which the head of the line admits; every request still returns only
 * once its own attempt is durable, or with its own refusal.
 */
final class AdmissionLine {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final ArrayDeque<Ticket> waiting = new ArrayDeque<>();

	private final int maxBatch;

	private final Consumer<List<Ticket>> admitAll;

	private boolean busy;

	/**
	 * @param maxBatch the most attempts admitted in one transaction
	 * @param admitAll admits a batch: settles every ticket, or throws
	 */
	AdmissionLine(int maxBatch, Consumer<List<Ticket>> admitAll) {
		this.maxBatch = maxBatch;
		this.admitAll = admitAll;
	}

	/**
	 * Waits in line until the attempt is admitted (and durable) or refused.
	 * @param ticket the attempt
	 * @return the recorded attempt
	 * @throws RuntimeException the attempt's refusal
	 */
	AuditAttempt admit(Ticket ticket) {
		this.lock.lock();
		try {
			this.waiting.add(ticket);
			if (this.busy) {
				while (!ticket.settled() && !ticket.leads) {
					this.changed.awaitUninterruptibly();
				}
				if (ticket.settled()) {
					return ticket.result();
				}
			}
			this.busy = true;
		}
		finally {
			this.lock.unlock();
		}
		lead();
		return ticket.result();
	}

	/** How many wait in line, the leader's batch not counted. */
	int waiting() {
		this.lock.lock();
		try {
			return this.waiting.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void lead() {
		List<Ticket> batch = new ArrayList<>();
		this.lock.lock();
		try {
			while (!this.waiting.isEmpty() && batch.size() < this.maxBatch) {
				batch.add(this.waiting.poll());
			}
		}
		finally {
			this.lock.unlock();
		}
		try {
			this.admitAll.accept(batch);
		}
		catch (RuntimeException ex) {
			for (Ticket ticket : batch) {
				ticket.failIfOpen(new IllegalStateException("The admission failed unexpectedly.", ex));
			}
		}
		finally {
			this.lock.lock();
			try {
				for (Ticket ticket : batch) {
					ticket.failIfOpen(new IllegalStateException("the admission ended without an answer"));
				}
				Ticket next = this.waiting.peek();
				if (next == null) {
					this.busy = false;
				}
				else {
					next.leads = true;
				}
				this.changed.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/** One attempt in line; settled by whoever admits its batch. */
	static final class Ticket {

		final BackupTarget target;

		final AuditDraft draft;

		private volatile @Nullable AuditAttempt attempt;

		private volatile @Nullable RuntimeException refusal;

		private boolean leads;

		Ticket(BackupTarget target, AuditDraft draft) {
			this.target = target;
			this.draft = draft;
		}

		void admitted(AuditAttempt attempt) {
			this.attempt = attempt;
		}

		void refused(RuntimeException refusal) {
			this.refusal = refusal;
		}

		boolean settled() {
			return this.attempt != null || this.refusal != null;
		}

		private void failIfOpen(RuntimeException failure) {
			if (!settled()) {
				this.refusal = failure;
			}
		}

		private AuditAttempt result() {
			RuntimeException failed = this.refusal;
			if (failed != null) {
				throw failed;
			}
			return java.util.Objects.requireNonNull(this.attempt);
		}

	}

}
