package io.backupgateway.config;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Background jobs (sealing the audit chain, following backup jobs, resolving pending
 * entries) run on Spring's scheduler; {@code gateway.background.enabled=false} turns them
 * off, for tests that drive them by hand.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "gateway.background.enabled", havingValue = "true", matchIfMissing = true)
class SchedulingConfiguration {

}
