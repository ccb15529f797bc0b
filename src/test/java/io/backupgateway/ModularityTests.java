package io.backupgateway;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

class ModularityTests {

	@Test
	void modulesRespectTheirBoundaries() {
		ApplicationModules.of(BackupGatewayApplication.class).verify();
	}

	@Test
	void onlyTheCloudModuleUsesReactor() {
		noClasses().that()
			.resideOutsideOfPackage("io.backupgateway.cloud..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("reactor..", "org.springframework.web.reactive..")
			.check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
				.importPackages("io.backupgateway"));
	}

}
