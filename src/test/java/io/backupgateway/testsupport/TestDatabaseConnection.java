package io.backupgateway.testsupport;

import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * The test PostgreSQL as Spring Boot's connection to the audit store, for the contexts of
 * {@link GatewayIntegrationTest}: a container through {@code @ServiceConnection} on a
 * laptop with Docker, or the server {@code TEST_DATABASE_URL} names (CI: the local one)
 * as connection details of the same kind. Either way no test sets
 * {@code spring.datasource.*} itself.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabaseConnection {

	/**
	 * The container {@link TestPostgres} started, shared by every test class: never
	 * stopped when one context closes.
	 */
	@Bean(destroyMethod = "")
	@ServiceConnection
	@ConditionalOnExpression("'${TEST_DATABASE_URL:}' == ''")
	PostgreSQLContainer postgres() {
		return TestPostgres.startedContainer();
	}

	@Bean
	@ConditionalOnExpression("'${TEST_DATABASE_URL:}' != ''")
	JdbcConnectionDetails localPostgres() {
		return new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return TestPostgres.jdbcUrl();
			}

			@Override
			public String getUsername() {
				return TestPostgres.username();
			}

			@Override
			public String getPassword() {
				return TestPostgres.password();
			}

		};
	}

}
