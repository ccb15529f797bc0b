package io.backupgateway.audit.entry;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.backupgateway.config.AuditSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit store for reads that may take long (exports, verifying the chain): a small
 * connection pool of their own, to the same database, so that a create never waits for a
 * connection behind them (docs/design.md 3.4, "Exports and verify"). It is not a
 * {@link DataSource} bean, so the gateway's own pool stays the one Boot configures. On
 * PostgreSQL its sessions end when they sit idle in a transaction for longer than an
 * export may stall: a reader that waits for a slow client never holds a snapshot (and the
 * vacuum behind it) for long.
 */
@Component
public class LongReads implements DisposableBean {

	private final HikariDataSource pool;

	private final JdbcClient jdbc;

	private final DataSourceTransactionManager transactions;

	LongReads(DataSource dataSource, AuditSettings settings) {
		this.pool = DataSourceBuilder.derivedFrom(dataSource).type(HikariDataSource.class).build();
		this.pool.setPoolName("audit-long-reads");
		// one more than the exports allowed at once, for a verification
		this.pool.setMaximumPoolSize(settings.maxConcurrentExports() + 1);
		this.pool.setMinimumIdle(0);
		this.pool.setConnectionTimeout(3000);
		if (isPostgres(this.pool.getJdbcUrl())) {
			long idleMillis = settings.exportStallTimeout().toMillis() + 10_000;
			this.pool.setConnectionInitSql("set idle_in_transaction_session_timeout = " + idleMillis);
		}
		this.jdbc = JdbcClient.create(this.pool);
		this.transactions = new DataSourceTransactionManager(this.pool);
	}

	static boolean isPostgres(@Nullable String jdbcUrl) {
		return jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:");
	}

	public JdbcClient jdbc() {
		return this.jdbc;
	}

	/**
	 * A read-only transaction on this pool that reads one snapshot (on PostgreSQL).
	 * @return the template
	 */
	public TransactionTemplate snapshot() {
		TransactionTemplate template = new TransactionTemplate(this.transactions);
		template.setReadOnly(true);
		template.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		return template;
	}

	@Override
	public void destroy() {
		this.pool.close();
	}

}
