package io.backupgateway.audit;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

/**
 * Lets one replica at a time run a background job: a PostgreSQL transaction-scoped
 * advisory lock, taken without waiting. H2 (the single-instance sandbox) needs none.
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

	private final boolean postgres;

	DatabaseLocks(DataSource dataSource) throws Exception {
		this.jdbc = new JdbcTemplate(dataSource);
		String product = JdbcUtils.extractDatabaseMetaData(dataSource, (meta) -> meta.getDatabaseProductName());
		this.postgres = "PostgreSQL".equalsIgnoreCase(product);
	}

	/**
	 * Tries to take the job's lock for the current transaction.
	 * @param job the job
	 * @return whether this replica holds the lock until the transaction ends
	 */
	public boolean tryLock(Job job) {
		if (!this.postgres) {
			return true;
		}
		Boolean locked = this.jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, job.key);
		return Boolean.TRUE.equals(locked);
	}

}
