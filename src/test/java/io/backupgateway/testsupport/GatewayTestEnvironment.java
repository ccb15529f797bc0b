package io.backupgateway.testsupport;

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
			.addFirst(new MapPropertySource("gateway-test-environment",
					Map.of("spring.datasource.url", TestPostgres.jdbcUrl(), "spring.datasource.username",
							TestPostgres.username(), "spring.datasource.password", TestPostgres.password(),
							"test.cloud.url", CloudStub.baseUrl(), "test.closed-port", CloudStub.CLOSED_PORT)));
	}

}
