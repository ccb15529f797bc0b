package io.backupgateway.audit.entry;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.backupgateway.config.AuditSettings;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The audit store for reviews (pages and single entries): a connection pool of their own,
 * so that no load of reviews, however heavy, takes the connections creates and deletes
 * need (docs/design.md 3.4, "Hostile input"). A review that finds every connection busy
 * waits at most the query timeout and is then answered 503 {@code audit-unavailable}.
 */
@Component
public class ReviewReads implements DisposableBean {

	/** Reviews at once per replica; one more waits for a connection. */
	static final int CONNECTIONS = 4;

	private final HikariDataSource pool;

	private final JdbcClient jdbc;

	ReviewReads(DataSource dataSource, AuditSettings settings) {
		this.pool = DataSourceBuilder.derivedFrom(dataSource).type(HikariDataSource.class).build();
		this.pool.setPoolName("audit-reviews");
		this.pool.setMaximumPoolSize(CONNECTIONS);
		this.pool.setMinimumIdle(0);
		this.pool.setConnectionTimeout(Math.max(250, settings.queryTimeout().toMillis()));
		this.jdbc = JdbcClient.create(this.pool);
	}

	public JdbcClient jdbc() {
		return this.jdbc;
	}

	@Override
	public void destroy() {
		this.pool.close();
	}

}
