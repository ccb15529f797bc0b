package io.backupgateway.cloud.iam;

import java.time.Clock;
import java.time.Duration;

import io.backupgateway.config.CloudSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

@Configuration(proxyBeanMethods = false)
class IamConfiguration {

	@Bean
	IamClient iamClient(WebClient cloudWebClient, JsonMapper json, CloudSettings cloud, Clock clock) {
		return new IamClient(cloudWebClient, json, cloud, clock);
	}

	@Bean
	IamFetches iamFetches(IamClient iam, MeterRegistry meters, CloudSettings cloud, Clock clock) {
		return new IamFetches(iam::fetch, meters, cloud, clock);
	}

	@Bean
	IamTokens iamTokens(IamFetches fetches, CloudSettings cloud, Clock clock, MeterRegistry meters) {
		// a waiter gives up no later than the refresh it waits for would
		IamTokens tokens = new IamTokens(fetches, cloud.iam().refreshBeforeExpiry(),
				cloud.connectTimeout().plus(cloud.responseTimeout()).plusSeconds(2), clock);
		cloud.projects()
			.forEach((name, project) -> Gauge
				.builder("gateway.iam.token.age", tokens, (cache) -> ageSeconds(cache.cached(project.id()), clock))
				.description("age of the cached IAM token, NaN before the first")
				.baseUnit("seconds")
				.tag("project", name)
				.register(meters));
		return tokens;
	}

	@Bean
	IamHealthIndicator iamHealthIndicator(IamTokens tokens, IamFetches fetches, CloudSettings cloud, Clock clock) {
		return new IamHealthIndicator(tokens, fetches, cloud, clock);
	}

	private static double ageSeconds(@Nullable IamToken token, Clock clock) {
		return (token != null) ? Duration.between(token.obtainedAt(), clock.instant()).toMillis() / 1000.0 : Double.NaN;
	}

}
