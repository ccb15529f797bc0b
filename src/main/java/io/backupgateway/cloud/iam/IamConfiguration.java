package io.backupgateway.cloud.iam;

import java.time.Clock;

import io.backupgateway.config.CloudSettings;
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
	IamTokens iamTokens(IamClient iam, CloudSettings cloud, Clock clock) {
		// a waiter gives up no later than the refresh it waits for would
		return new IamTokens(iam::fetch, cloud.iam().refreshBeforeExpiry(),
				cloud.connectTimeout().plus(cloud.responseTimeout()).plusSeconds(2), clock);
	}

}
