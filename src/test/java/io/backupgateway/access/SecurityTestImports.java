package io.backupgateway.access;

import io.backupgateway.config.SettingsViews;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The gateway's security chain for web slice tests in other packages.
 */
@Configuration(proxyBeanMethods = false)
@Import({ SecurityConfiguration.class, CallerJwtConverter.class, SettingsViews.class })
public class SecurityTestImports {

}
