package io.backupgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = { "web", "config", "background" })
public class BackupGatewayApplication {

	public static void main(String[] args) {
		SpringApplication.run(BackupGatewayApplication.class, args);
	}

}
