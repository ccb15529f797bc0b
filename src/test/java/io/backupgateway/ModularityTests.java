package io.backupgateway;

import java.util.List;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the house (docs/design.md section 8): feature modules whose internals are
 * closed to each other, no cycles between them, and every arrow pointing down: the
 * features on top, the modules they call in the middle, and the shared foundations
 * ({@code web}, {@code config}, {@code background}) at the bottom.
 */
class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(BackupGatewayApplication.class);

	private static final JavaClasses MAIN = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.backupgateway");

	@Test
	void modulesRespectTheirBoundaries() {
		MODULES.verify();
	}

	@Test
	void theModulesAreTheFeaturesAndTheSharedFoundations() {
		assertThat(MODULES.stream().map(ApplicationModule::getIdentifier).map(Object::toString))
			.containsExactlyInAnyOrder("access", "audit", "background", "backup", "cloud", "config", "failure",
					"idempotency", "jobs", "limits", "sandbox", "web");
	}

	@Test
	void modulesDependOnEachOtherWithoutCycles() {
		slices().matching("io.backupgateway.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void everyArrowPointsDown() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("features")
			.definedBy("io.backupgateway.backup..", "io.backupgateway.jobs..", "io.backupgateway.sandbox..")
			.layer("modules")
			.definedBy("io.backupgateway.access..", "io.backupgateway.audit..", "io.backupgateway.cloud..",
					"io.backupgateway.idempotency..", "io.backupgateway.limits..")
			.layer("foundations")
			.definedBy("io.backupgateway.web..", "io.backupgateway.config..", "io.backupgateway.background..",
					"io.backupgateway.failure..")
			.whereLayer("features")
			.mayNotBeAccessedByAnyLayer()
			.whereLayer("modules")
			.mayOnlyBeAccessedByLayers("features")
			.whereLayer("foundations")
			.mayOnlyBeAccessedByLayers("features", "modules")
			.check(MAIN);
	}

	@Test
	void featuresDoNotDependOnEachOther() {
		List<String> features = List.of("backup", "jobs", "sandbox");
		for (String feature : features) {
			noClasses().that()
				.resideInAPackage("io.backupgateway." + feature + "..")
				.should()
				.dependOnClassesThat()
				.resideInAnyPackage(features.stream()
					.filter((other) -> !other.equals(feature))
					.map((other) -> "io.backupgateway." + other + "..")
					.toArray(String[]::new))
				.check(MAIN);
		}
	}

	@Test
	void onlyWebTurnsFailuresIntoHttpAnswers() {
		noClasses().that()
			.resideOutsideOfPackage("io.backupgateway.web..")
			.should()
			.dependOnClassesThat()
			.haveFullyQualifiedName("org.springframework.http.ProblemDetail")
			.orShould()
			.dependOnClassesThat()
			.areAssignableTo(org.springframework.web.ErrorResponse.class)
			.check(MAIN);
	}

	@Test
	void theAuditTrailsRoomsHaveNoCycles() {
		slices().matching("io.backupgateway.audit.(*)..").should().beFreeOfCycles().check(MAIN);
	}

	@Test
	void onlyTheCloudModuleUsesReactor() {
		noClasses().that()
			.resideOutsideOfPackage("io.backupgateway.cloud..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("reactor..", "org.springframework.web.reactive..")
			.check(MAIN);
	}

}
