package io.backupgateway.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.backupgateway.BackupGatewayApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A database of a test's own with the two roles of docs/audit.md "Database roles", and a
 * gateway on it: Flyway migrates as the owner, the gateway runs as the runtime role. For
 * tests that play someone holding one of the roles.
 */
public final class TwoRoleDatabase implements AutoCloseable {

	public static final String OWNER = "backup_gateway_it_owner";

	public static final String RUNTIME = "backup_gateway_it_runtime";

	public static final String PASSWORD = "roles-it-password";

	private final String url;

	private final ConfigurableApplicationContext gateway;

	private TwoRoleDatabase(String url, ConfigurableApplicationContext gateway) {
		this.url = url;
		this.gateway = gateway;
	}

	/**
	 * Makes the database afresh (dropping an earlier run's) and starts a gateway on it.
	 * @param suffix appended to the test database's name
	 * @return the database and its gateway
	 * @throws SQLException when the database cannot be made
	 */
	public static TwoRoleDatabase start(String suffix) throws SQLException {
		String database = TestPostgres.database() + "_" + suffix;
		String url = TestPostgres.jdbcUrl().replace("/" + TestPostgres.database(), "/" + database);
		try (Connection admin = TestPostgres.adminConnection(); Statement statement = admin.createStatement()) {
			statement.execute("drop database if exists " + database + " with (force)");
			for (String role : new String[] { OWNER, RUNTIME }) {
				statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + role
						+ "') then create role " + role + " login password '" + PASSWORD + "'; end if; end $$");
			}
			statement.execute("create database " + database + " owner " + OWNER);
		}
		Map<String, Object> properties = new HashMap<>(GatewayTestEnvironment.properties());
		properties.put("spring.datasource.url", url);
		properties.put("spring.datasource.username", RUNTIME);
		properties.put("spring.datasource.password", PASSWORD);
		properties.put("spring.flyway.user", OWNER);
		properties.put("spring.flyway.password", PASSWORD);
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		ConfigurableApplicationContext gateway = new SpringApplicationBuilder(BackupGatewayApplication.class)
			.profiles("test")
			.properties(properties)
			.run();
		return new TwoRoleDatabase(url, gateway);
	}

	public ConfigurableApplicationContext gateway() {
		return this.gateway;
	}

	public String url() {
		return this.url;
	}

	/** The gateway's API, over HTTP. */
	public GatewayHttp http() {
		return new GatewayHttp(Integer.parseInt(this.gateway.getEnvironment().getProperty("local.server.port")));
	}

	/**
	 * A connection as one of the roles, as someone who holds its password would have.
	 * @param role {@link #OWNER} or {@link #RUNTIME}
	 * @return the connection
	 * @throws SQLException when it cannot be opened
	 */
	public Connection connect(String role) throws SQLException {
		return DriverManager.getConnection(this.url, role, PASSWORD);
	}

	@Override
	public void close() {
		this.gateway.close();
	}

}
