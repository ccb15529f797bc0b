package io.backupgateway.audit;

import java.util.function.IntSupplier;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Lets one replica at a time run a background job: the job runs in one transaction that
 * holds a PostgreSQL transaction-scoped advisory lock, taken without waiting. H2 (the
 * single-instance sandbox) needs none.
 */
@Component
public class DatabaseLocks {

	/** Lock keys: one per background job. */
	public enum Job {

		CHAIN_SEALER(0x6761_7465_0001L), PENDING_RESOLVER(0x6761_7465_0002L), JOB_FOLLOWER(0x6761_7465_0003L);

		private final long key;

		Job(long key) {
			this.key = key;
		}

	}

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transaction;

	private final boolean postgres;

	DatabaseLocks(DataSource dataSource, PlatformTransactionManager transactions) throws Exception {
		this.jdbc = new JdbcTemplate(dataSource);
		this.transaction = new TransactionTemplate(transactions);
		String product = JdbcUtils.extractDatabaseMetaData(dataSource, (meta) -> meta.getDatabaseProductName());
		this.postgres = "PostgreSQL".equalsIgnoreCase(product);
	}

	/**
	 * Runs one pass of a background job in a transaction, unless another replica is
	 * running it right now.
	 * @param job the job
	 * @param pass the work; it returns how many items it handled
	 * @return what the pass returned, or 0 when another replica holds the lock
	 */
	public int exclusively(Job job, IntSupplier pass) {
		Integer handled = this.transaction.execute((status) -> tryLock(job) ? pass.getAsInt() : 0);
		return (handled != null) ? handled : 0;
	}

	private boolean tryLock(Job job) {
		if (!this.postgres) {
			return true;
		}
		Boolean locked = this.jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, job.key);
		return Boolean.TRUE.equals(locked);
	}

}
