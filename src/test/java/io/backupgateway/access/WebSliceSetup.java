package io.backupgateway.access;

import io.backupgateway.config.GatewayProperties;
import io.backupgateway.config.SettingsViews;
import io.backupgateway.web.ProblemSecurityHandlers;
import io.backupgateway.web.Problems;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * What a web slice needs besides its controller: the gateway's real security chain and
 * caller conversion, the error renderer, and the configuration tree with its views
 * ({@code application-slice.yml}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
@Import({ SecurityConfiguration.class, CallerJwtConverter.class, SettingsViews.class, Problems.class,
		ProblemSecurityHandlers.class, SimpleMeterRegistry.class })
public class WebSliceSetup {

}
