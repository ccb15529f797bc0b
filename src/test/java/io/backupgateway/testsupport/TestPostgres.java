package io.backupgateway.testsupport;

import java.net.URI;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The PostgreSQL that integration tests use: {@code TEST_DATABASE_URL} when it is set (CI
 * sets it to the local server), a Testcontainers container otherwise. On CI a database
 * test is never skipped: with neither source available, {@link #available()} fails.
 */
public final class TestPostgres {

	private static final String URL = System.getenv("TEST_DATABASE_URL");

	private static PostgreSQLContainer container;

	private static Boolean docker;

	private TestPostgres() {
	}

	/**
	 * Whether a database can be had; used by {@code @EnabledIf}.
	 * @return true when tests can run
	 * @throws IllegalStateException on CI when none can be had
	 */
	public static boolean available() {
		boolean available = hasUrl() || dockerAvailable();
		if (!available && "true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new IllegalStateException(
					"CI=true but neither TEST_DATABASE_URL nor a Docker engine is available: database tests must not be skipped on CI");
		}
		return available;
	}

	public static String jdbcUrl() {
		return hasUrl() ? URL : container().getJdbcUrl();
	}

	public static String username() {
		return hasUrl() ? env("TEST_DATABASE_USER", "test") : container().getUsername();
	}

	public static String password() {
		return hasUrl() ? env("TEST_DATABASE_PASSWORD", "test") : container().getPassword();
	}

	/** A superuser, for tests that play someone bypassing the application. */
	public static java.sql.Connection adminConnection() throws java.sql.SQLException {
		String user = hasUrl() ? env("TEST_DATABASE_ADMIN_USER", username()) : username();
		String password = hasUrl() ? env("TEST_DATABASE_ADMIN_PASSWORD", password()) : password();
		return java.sql.DriverManager.getConnection(jdbcUrl(), user, password);
	}

	/** Host and port of the server, for tests that put a proxy in front of it. */
	public static URI address() {
		URI uri = URI.create(jdbcUrl().substring("jdbc:".length()));
		return URI.create("tcp://" + uri.getHost() + ":" + ((uri.getPort() > 0) ? uri.getPort() : 5432));
	}

	/** The database name in the JDBC URL. */
	public static String database() {
		String path = URI.create(jdbcUrl().substring("jdbc:".length())).getPath();
		return path.substring(1);
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url", TestPostgres::jdbcUrl);
		registry.add("spring.datasource.username", TestPostgres::username);
		registry.add("spring.datasource.password", TestPostgres::password);
	}

	private static boolean hasUrl() {
		return URL != null && !URL.isBlank();
	}

	private static synchronized boolean dockerAvailable() {
		if (docker == null) {
			try {
				docker = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException ex) {
				docker = false;
			}
		}
		return docker;
	}

	/** The container, started, when no {@code TEST_DATABASE_URL} is set. */
	static PostgreSQLContainer startedContainer() {
		return container();
	}

	private static synchronized PostgreSQLContainer container() {
		if (container == null) {
			container = new PostgreSQLContainer("postgres:15-alpine");
			container.start();
		}
		return container;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
