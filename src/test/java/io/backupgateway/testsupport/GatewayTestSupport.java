package io.backupgateway.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.context.ApplicationContext;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * What every full test of the running gateway needs, in one place: before each test the
 * cloud stub is reset to its defaults and every circuit breaker is closed, so no test
 * sees what another left behind; a test takes a {@link GatewayHttp} pointed at the
 * gateway's port, or the {@link WireMockServer} of {@link CloudStub}, as a constructor or
 * method parameter.
 */
public final class GatewayTestSupport implements BeforeEachCallback, ParameterResolver {

	@Override
	public void beforeEach(ExtensionContext context) {
		CloudStub.reset();
		ApplicationContext application = SpringExtension.getApplicationContext(context);
		application.getBeanProvider(CircuitBreakerRegistry.class)
			.ifAvailable((registry) -> registry.getAllCircuitBreakers().forEach(CircuitBreaker::reset));
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		Class<?> type = parameter.getParameter().getType();
		return type == GatewayHttp.class || type == WireMockServer.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		if (parameter.getParameter().getType() == WireMockServer.class) {
			return CloudStub.server();
		}
		Integer port = SpringExtension.getApplicationContext(context)
			.getEnvironment()
			.getProperty("local.server.port", Integer.class);
		if (port == null) {
			throw new IllegalStateException("GatewayHttp needs a test context with a running server");
		}
		return new GatewayHttp(port);
	}

}
