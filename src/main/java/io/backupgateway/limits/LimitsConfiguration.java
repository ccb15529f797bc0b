package io.backupgateway.limits;

import java.time.Clock;

import io.backupgateway.config.GatewayProperties;
import io.backupgateway.web.Problems;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link CallerRateFilter} after the security filter chain (it needs the caller) and
 * before everything else the gateway does with a request.
 */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

	@Bean
	FilterRegistrationBean<CallerRateFilter> callerRateFilter(GatewayProperties properties, Problems problems,
			MeterRegistry meters, Clock clock) {
		CallerRate writes = new CallerRate(properties.limits().requestsPerCallerPerMinute(), clock);
		CallerRate reads = new CallerRate(properties.limits().readsPerCallerPerMinute(), clock);
		FilterRegistrationBean<CallerRateFilter> registration = new FilterRegistrationBean<>(
				new CallerRateFilter(writes, reads, problems, meters, properties.teams().keySet()));
		registration.addUrlPatterns("/v1/*");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
		return registration;
	}

}
