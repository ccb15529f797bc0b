package io.backupgateway.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the gateway at the test PostgreSQL and the cloud stub. An initializer rather
 * than a {@code @DynamicPropertySource}, so that every test class using it shares one
 * cached context.
 */
public class GatewayTestEnvironment implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("gateway-test-environment", properties()));
	}

	/**
	 * What points a gateway at the test database and the cloud stub, and the teams of
	 * {@link LimitTeams}: for this context, or for a second replica beside it.
	 * @return the properties
	 */
	public static Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>(
				Map.of("spring.datasource.url", TestPostgres.jdbcUrl(), "spring.datasource.username",
						TestPostgres.username(), "spring.datasource.password", TestPostgres.password(),
						"test.cloud.url", CloudStub.baseUrl(), "test.closed-port", CloudStub.CLOSED_PORT));
		properties.putAll(LimitTeams.properties());
		return properties;
	}

}
