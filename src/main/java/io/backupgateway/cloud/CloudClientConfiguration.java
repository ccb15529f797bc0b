package io.backupgateway.cloud;

import io.backupgateway.config.CloudSettings;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The one WebClient for IAM and GeminiDB, from Boot's builder (so observations and
 * metrics apply), with connect and response timeouts and a bounded connection pool taken
 * from {@code gateway.cloud.*}. It has no OAuth2 filter: the caller's token never leaves
 * the gateway.
 */
@Configuration(proxyBeanMethods = false)
class CloudClientConfiguration {

	@Bean
	WebClient cloudWebClient(WebClient.Builder builder, CloudSettings cloud) {
		ConnectionProvider pool = ConnectionProvider.builder("cloud")
			.maxConnections(cloud.maxConnections())
			.pendingAcquireTimeout(cloud.connectTimeout())
			.pendingAcquireMaxCount(cloud.maxConnections() * 4)
			.build();
		HttpClient http = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS,
					(int) Math.min(Integer.MAX_VALUE, cloud.connectTimeout().toMillis()))
			.responseTimeout(cloud.responseTimeout());
		return builder.clientConnector(new ReactorClientHttpConnector(http)).build();
	}

}
