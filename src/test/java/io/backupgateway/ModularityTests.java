package io.backupgateway;

import java.util.List;
import java.util.Set;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.backupgateway.web.LogText;
import io.backupgateway.web.RequestMeta;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

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
					"idempotency", "jobs", "limits", "ownership", "sandbox", "web");
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
					"io.backupgateway.idempotency..", "io.backupgateway.limits..", "io.backupgateway.ownership..")
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

	/**
	 * {@code web} is the HTTP edge: below it, a module knows at most the request it
	 * serves ({@code RequestMeta}) and how to log caller text ({@code LogText}); the rest
	 * of {@code web} is for the adapters (controllers, filters, their configuration) and
	 * the two helpers that render what those adapters send.
	 */
	@Test
	void onlyTheHttpAdaptersUseWeb() {
		DescribedPredicate<JavaClass> webBeyondTheRequest = JavaClass.Predicates
			.resideInAPackage("io.backupgateway.web..")
			.and(DescribedPredicate.not(JavaClass.Predicates.belongToAnyOf(RequestMeta.class, LogText.class)));
		DescribedPredicate<JavaClass> adapter = DescribedPredicate.describe("an HTTP adapter", (type) -> {
			JavaClass outer = type;
			while (outer.getEnclosingClass().isPresent()) {
				outer = outer.getEnclosingClass().get();
			}
			return outer.isAnnotatedWith(RestController.class) || outer.isAnnotatedWith(Controller.class)
					|| outer.isAnnotatedWith(Configuration.class) || outer.isAssignableTo(Filter.class)
					|| Set.of("io.backupgateway.backup.AnswerBodies", "io.backupgateway.audit.review.AuditFilter")
						.contains(outer.getName());
		});
		noClasses().that()
			.resideOutsideOfPackage("io.backupgateway.web..")
			.and(DescribedPredicate.not(adapter))
			.should()
			.dependOnClassesThat(webBeyondTheRequest)
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
