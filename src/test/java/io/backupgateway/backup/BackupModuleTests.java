package io.backupgateway.backup;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Set;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.idempotency.IdempotencyKeys;
import io.backupgateway.limits.Admission;
import io.backupgateway.limits.CallerRates;
import io.backupgateway.testsupport.TestFailure;
import io.backupgateway.web.RequestMeta;
import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The create flow as a module: it starts with only the other modules' APIs (access, audit
 * trail, idempotency keys, admission, cloud) standing in, which is all it may depend on,
 * and drives them in order.
 */
@ApplicationModuleTest
@ActiveProfiles("module")
class BackupModuleTests {

	@MockitoBean
	AccessPolicy access;

	@MockitoBean
	AuditLog audit;

	@MockitoBean
	IdempotencyKeys idempotency;

	@MockitoBean
	Admission admission;

	@MockitoBean
	GeminiDb geminiDb;

	@MockitoBean
	CallerRates rates;

	final BackupService service;

	BackupModuleTests(BackupService service) {
		this.service = service;
	}

	@Test
	void aDeniedCallerIsAuditedAndNeverReachesTheCloud() {
		Caller outsider = new Caller("mallory", "mallory", Set.of(), Set.of(Caller.BACKUP_CREATE));
		GatewayFailure denied = new TestFailure(ProblemCode.FORBIDDEN, "not a member");
		given(this.access.requireCanBackUp(outsider, "payments", "a4d8ea2584e047439a667703c0684119in06"))
			.willThrow(denied);

		GatewayFailure answered = catchThrowableOfType(GatewayFailure.class, () -> this.service.create(outsider,
				"payments", "a4d8ea2584e047439a667703c0684119in06", null, new RequestBody("application/json", 2,
						() -> new ByteArrayInputStream("{}".getBytes()), Duration.ofSeconds(5)),
				new RequestMeta("r-1", null, null, System.nanoTime())));

		assertThat(answered).isSameAs(denied);
		verify(this.audit).recordRefusal(any(), same(denied));
		verifyNoInteractions(this.admission, this.geminiDb);
	}

}
