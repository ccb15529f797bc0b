package io.backupgateway.limits;

import io.backupgateway.web.Problems;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Puts {@link CallerRateFilter} after the security filter chain (it needs the caller) and
 * before everything else the gateway does with a read.
 */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

	@Bean
	FilterRegistrationBean<CallerRateFilter> callerRateFilter(CallerRates rates, Problems problems) {
		FilterRegistrationBean<CallerRateFilter> registration = new FilterRegistrationBean<>(
				new CallerRateFilter(rates, problems));
		registration.addUrlPatterns("/v1/*");
		registration.setOrder(Ordered.LOWEST_PRECEDENCE - 10);
		return registration;
	}

}
