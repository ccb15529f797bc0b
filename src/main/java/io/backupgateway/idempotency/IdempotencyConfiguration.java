package io.backupgateway.idempotency;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link IdempotencyFilter} in front of the team routes; it acts on the writes
 * (create and delete) only. A registration rather than a filter component, so web slices
 * of other controllers do without it.
 */
@Configuration(proxyBeanMethods = false)
class IdempotencyConfiguration {

	@Bean
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(IdempotencyKeys keys) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyFilter(keys));
		registration.addUrlPatterns("/v1/teams/*");
		return registration;
	}

}
