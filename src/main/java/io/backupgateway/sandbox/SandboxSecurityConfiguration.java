package io.backupgateway.sandbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The stand-ins are called without a caller token (the IAM and GeminiDB clients carry
 * their own credentials), so their paths get a chain of their own, in the sandbox only.
 */
@Configuration(proxyBeanMethods = false)
@Profile("sandbox")
class SandboxSecurityConfiguration {

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityFilterChain sandboxStandIns(HttpSecurity http) throws Exception {
		// @formatter:off
		http.securityMatcher("/sandbox/**")
			.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
			.csrf(AbstractHttpConfigurer::disable);
		// @formatter:on
		return http.build();
	}

}
