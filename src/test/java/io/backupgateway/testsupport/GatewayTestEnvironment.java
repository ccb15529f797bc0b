package io.backupgateway.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the gateway at the cloud stub and the teams of {@link LimitTeams}; the database
 * is {@link TestDatabaseConnection}'s. An initializer rather than a
 * {@code @DynamicPropertySource}, so that every test class using it shares one cached
 * context.
 */
public class GatewayTestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		// the database comes as a connection (TestDatabaseConnection), not as properties
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("gateway-test-environment", cloudAndTeams()));
	}

	/**
	 * What points a gateway started beside the test context (a second replica, a database
	 * of its own) at the test database and the cloud stub, with the teams of
	 * {@link LimitTeams}.
	 * @return the properties
	 */
	public static Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>(
				Map.of("spring.datasource.url", TestPostgres.jdbcUrl(), "spring.datasource.username",
						TestPostgres.username(), "spring.datasource.password", TestPostgres.password()));
		properties.putAll(cloudAndTeams());
		return properties;
	}

	private static Map<String, Object> cloudAndTeams() {
		Map<String, Object> properties = new LinkedHashMap<>(
				Map.of("test.cloud.url", CloudStub.baseUrl(), "test.closed-port", CloudStub.CLOSED_PORT));
		properties.putAll(LimitTeams.properties());
		return properties;
	}

}
