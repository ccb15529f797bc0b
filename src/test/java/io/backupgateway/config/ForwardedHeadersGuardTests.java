package io.backupgateway.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedHeadersGuardTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(ForwardedHeadersGuard.class);

	@Test
	void startsWithForwardedHeadersOff() {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
		this.runner.withPropertyValues("server.forward-headers-strategy=none")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void refusesNativeWithoutTrustedProxies() {
		this.runner.withPropertyValues("server.forward-headers-strategy=native")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("server.tomcat.remoteip.internal-proxies"));
	}

	@Test
	void startsWithNativeAndTrustedProxiesNamed() {
		this.runner
			.withPropertyValues("server.forward-headers-strategy=NATIVE",
					"server.tomcat.remoteip.internal-proxies=10\\.0\\.0\\.5")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void theGatewayShipsForwardedHeadersOff() throws Exception {
		String defaults = new String(getClass().getResourceAsStream("/application.yml").readAllBytes());
		assertThat(defaults).contains("forward-headers-strategy: none");
	}

}
