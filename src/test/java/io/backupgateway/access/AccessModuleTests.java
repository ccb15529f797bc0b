package io.backupgateway.access;

import java.util.Set;

import io.backupgateway.audit.AuditLog;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationContext;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The access module with the one module it asks who owns an instance (ownership, and the
 * cloud client that module reads tags through) and the shared foundations: it reads the
 * teams from configuration and decides who may back up what.
 */
@ApplicationModuleTest(extraIncludes = { "ownership", "cloud" })
@ActiveProfiles("module")
class AccessModuleTests {

	static final String INSTANCE = "a4d8ea2584e047439a667703c0684119in06";

	final AccessPolicy policy;

	final ApplicationContext context;

	AccessModuleTests(AccessPolicy policy, ApplicationContext context) {
		this.policy = policy;
		this.context = context;
	}

	@Test
	void resolvesARegisteredInstanceToItsProject() {
		Caller member = new Caller("alice", "alice", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));
		BackupTarget target = this.policy.requireCanBackUp(member, "payments", INSTANCE);
		assertThat(target.project()).isEqualTo("eu-de-prod");
		assertThat(target.projectId()).isEqualTo("054e292c9880d4992f02c0196d3ea468");
		assertThat(catchThrowableOfType(GatewayFailure.class,
				() -> this.policy.requireCanBackUp(member, "payments", "unknown1"))
			.code()).isEqualTo(ProblemCode.INSTANCE_NOT_FOUND);
	}

	@Test
	void startsWithoutTheOtherModules() {
		assertThat(this.context.getBeanNamesForType(AuditLog.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(TeamDirectory.class)).hasSize(1);
	}

}
