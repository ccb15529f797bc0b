package io.backupgateway.web;

import io.backupgateway.config.LimitSettings;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tomcat as the gateway needs it, on every server the application starts (API and
 * management port): {@link ProblemErrorReportValve} instead of Tomcat's HTML error
 * report, {@link ConnectionValve} so that an error answered before the body was read does
 * not wait for the rest of it and an export cut short ends visibly, and a bounded wait
 * for each part of a body ({@code gateway.limits.body-read-timeout}, docs/design.md 3.4).
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfiguration {

	static final int SEND_BUFFER_BYTES = 64 * 1024;

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
		return (factory) -> factory.addContextCustomizers((context) -> {
			if (context.getParent() instanceof StandardHost host) {
				Pipeline pipeline = host.getPipeline();
				for (Valve valve : pipeline.getValves()) {
					if (valve instanceof ErrorReportValve && !(valve instanceof ProblemErrorReportValve)) {
						pipeline.removeValve(valve);
					}
				}
				pipeline.addValve(new ConnectionValve());
				pipeline.addValve(new ProblemErrorReportValve());
				host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
			}
		});
	}

	/**
	 * While a body is being read, no single read waits longer than the body-read timeout
	 * (Tomcat's upload timeout; its default is five minutes); the whole body's deadline
	 * is kept by the code that reads it.
	 * @param limits the limit settings
	 * @return the customizer
	 */
	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> bodyReadTimeout(ObjectProvider<LimitSettings> limits) {
		LimitSettings settings = limits.getIfAvailable();
		String millis = Long.toString((settings != null) ? settings.bodyReadTimeout().toMillis() : 5000);
		return (factory) -> factory.addConnectorCustomizers((connector) -> {
			connector.setProperty("disableUploadTimeout", "false");
			connector.setProperty("connectionUploadTimeout", millis);
			connector.setProperty("socket.txBufSize", Integer.toString(SEND_BUFFER_BYTES));
		});
	}

}
