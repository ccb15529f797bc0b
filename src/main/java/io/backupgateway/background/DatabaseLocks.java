package io.backupgateway.background;

import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Locks that hold across replicas for the length of the current transaction: PostgreSQL
 * transaction-scoped advisory locks. H2 (the single-instance sandbox) gets locks in this
 * process instead, released when the transaction ends.
 */
@Component
public class DatabaseLocks {

	/** The first key of two-key advisory locks taken by name: "gate". */
	private static final int NAMED = 0x6761_7465;

	private static final int STRIPES = 64;

	private final JdbcClient jdbc;

	private final boolean postgres;

	private final ReentrantLock[] local = new ReentrantLock[STRIPES];

	DatabaseLocks(JdbcClient jdbc, DataSource dataSource) throws Exception {
		this.jdbc = jdbc;
		String product = JdbcUtils.extractDatabaseMetaData(dataSource, (meta) -> meta.getDatabaseProductName());
		this.postgres = "PostgreSQL".equalsIgnoreCase(product);
		for (int i = 0; i < STRIPES; i++) {
			this.local[i] = new ReentrantLock();
		}
	}

	/**
	 * Takes a lock without waiting, for the rest of the current transaction.
	 * @param key the lock's key
	 * @return whether it was taken
	 */
	boolean tryLock(long key) {
		if (!this.postgres) {
			ReentrantLock lock = stripe(Long.hashCode(key));
			if (!lock.tryLock()) {
				return false;
			}
			unlockAtTheEnd(lock);
			return true;
		}
		return Boolean.TRUE
			.equals(this.jdbc.sql("select pg_try_advisory_xact_lock(?)").param(key).query(Boolean.class).single());
	}

	/**
	 * Keeps the holder of a lock (a background job) from writing while the current
	 * transaction reads, where the store gives no snapshot of its own: on H2 this waits
	 * for the job's lock and holds it to the end of the transaction. On PostgreSQL a
	 * {@code REPEATABLE READ} transaction already reads one snapshot, and the job runs
	 * on.
	 * @param key the job's lock key
	 */
	void holdOffWithoutSnapshots(long key) {
		if (!this.postgres) {
			ReentrantLock lock = stripe(Long.hashCode(key));
			lock.lock();
			unlockAtTheEnd(lock);
		}
	}

	/**
	 * Waits for a lock named by a text, for the rest of the current transaction, which
	 * must be active. Two names may share a lock (they are hashed); that only makes them
	 * wait for each other.
	 * @param name the lock's name, such as {@code quota:payments}
	 * @param timeoutSeconds how long to wait at most
	 */
	public void lock(String name, int timeoutSeconds) {
		if (this.postgres) {
			this.jdbc.sql("select pg_advisory_xact_lock(?, ?)")
				.withQueryTimeout(timeoutSeconds)
				.param(NAMED)
				.param(name.hashCode())
				.query((rs, row) -> rs.getString(1))
				.list();
			return;
		}
		ReentrantLock lock = stripe(name.hashCode());
		lock.lock();
		unlockAtTheEnd(lock);
	}

	private ReentrantLock stripe(int hash) {
		return this.local[Math.floorMod(hash, STRIPES)];
	}

	private static void unlockAtTheEnd(ReentrantLock lock) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				lock.unlock();
			}
		});
	}

}
