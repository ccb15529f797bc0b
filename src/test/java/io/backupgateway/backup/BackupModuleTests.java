package io.backupgateway.backup;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.backupgateway.access.Caller;
import io.backupgateway.cloud.BackupCreated;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.config.InstanceId;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.web.RequestMeta;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The create flow (docs/design.md section 2) with the modules it calls as they are
 * (access rules, audit trail on an H2 store of its own, idempotency keys, admission) and
 * only the cloud standing in: what each way through the flow leaves in the trail, and
 * what reaches the cloud. Each test uses instances and keys of its own.
 */
@ApplicationModuleTest(extraIncludes = { "access", "audit", "idempotency", "limits", "ownership" })
@ActiveProfiles("module")
@TestPropertySource(properties = { "gateway.limits.max-backups-per-team-per-hour=1000",
		"gateway.teams.payments.instances[0].id=a4d8ea2584e047439a667703c0684119in06",
		"gateway.teams.payments.instances[0].project=eu-de-prod",
		"gateway.teams.payments.instances[1].id=b4d8ea2584e047439a667703c0684119in06",
		"gateway.teams.payments.instances[1].project=eu-de-prod",
		"gateway.teams.payments.instances[2].id=c4d8ea2584e047439a667703c0684119in06",
		"gateway.teams.payments.instances[2].project=eu-de-prod",
		"gateway.teams.payments.instances[3].id=d4d8ea2584e047439a667703c0684119in06",
		"gateway.teams.payments.instances[3].project=eu-de-prod" })
class BackupModuleTests {

	static final Caller ALICE = new Caller("alice", "alice.smith", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));

	@MockitoBean
	GeminiDb geminiDb;

	final BackupService service;

	final JdbcClient jdbc;

	BackupModuleTests(BackupService service, JdbcClient jdbc) {
		this.service = service;
		this.jdbc = jdbc;
	}

	@Test
	void aRefusalIsAuditedAndNothingReachesTheCloud() {
		Caller outsider = new Caller("mallory", "mallory", Set.of("search"), Set.of(Caller.BACKUP_CREATE));
		String request = request();

		GatewayFailure answered = catchThrowableOfType(GatewayFailure.class,
				() -> create(outsider, "a4d8ea2584e047439a667703c0684119in06", valid(), null, request));

		assertThat(answered.code()).isEqualTo(ProblemCode.FORBIDDEN);
		assertThat(entry(request)).containsEntry("OUTCOME", "denied").containsEntry("CODE", "forbidden");
		verifyNoInteractions(this.geminiDb);
	}

	@Test
	void theAttemptIsDurableBeforeTheCloudIsCalledAndCompletedAfter() {
		String request = request();
		given(this.geminiDb.createBackup(anyString(), any(), anyString(), anyString())).willAnswer((call) -> {
			assertThat(entry(request)).as("recorded before the call").containsEntry("OUTCOME", "pending");
			return new BackupCreated(202, "job-" + request, "backup-" + request);
		});

		Answered answered = create(ALICE, "b4d8ea2584e047439a667703c0684119in06", valid(), null, request);

		assertThat(answered.status()).isEqualTo(202);
		assertThat(answered.body()).contains("\"job_id\":\"job-" + request + "\"");
		assertThat(entry(request)).containsEntry("OUTCOME", "accepted")
			.containsEntry("HTTP_STATUS", 202)
			.containsEntry("JOB_ID", "job-" + request);
		verify(this.geminiDb).createBackup("eu-de-prod", new InstanceId("b4d8ea2584e047439a667703c0684119in06"),
				"payments-x1", "d");
	}

	@Test
	void aCloudFailureCompletesTheEntryWithTheAnswerAndTheCloudsWords() {
		String request = request();
		given(this.geminiDb.createBackup(anyString(), any(), anyString(), anyString()))
			.willThrow(new CloudFailure(CloudFailure.Kind.THROTTLED, "The cloud is throttling requests.",
					new CloudFailure.UpstreamError(429, "DBS.280443", "busy"), 30L, null));

		GatewayFailure answered = catchThrowableOfType(GatewayFailure.class,
				() -> create(ALICE, "c4d8ea2584e047439a667703c0684119in06", valid(), null, request));

		assertThat(answered.code()).isEqualTo(ProblemCode.UPSTREAM_THROTTLED);
		assertThat(answered.retryAfterSeconds()).isEqualTo(30L);
		assertThat(entry(request)).containsEntry("OUTCOME", "failed")
			.containsEntry("CODE", "upstream-throttled")
			.containsEntry("UPSTREAM_ERROR_CODE", "DBS.280443");
	}

	@Test
	void aBugDuringTheCallCompletesTheEntryAsAnInternalError() {
		String request = request();
		IllegalStateException bug = new IllegalStateException("bug");
		given(this.geminiDb.createBackup(anyString(), any(), anyString(), anyString())).willThrow(bug);

		assertThat(catchThrowableOfType(IllegalStateException.class,
				() -> create(ALICE, "c4d8ea2584e047439a667703c0684119in06", valid(), null, request)))
			.isSameAs(bug);
		assertThat(entry(request)).containsEntry("OUTCOME", "failed").containsEntry("CODE", "internal-error");
	}

	@Test
	void aRepeatedRequestGetsTheFirstAnswerByteForByteWithoutTheCloud() {
		String key = UUID.randomUUID().toString();
		String first = request();
		given(this.geminiDb.createBackup(anyString(), any(), anyString(), anyString()))
			.willReturn(new BackupCreated(202, "job-" + first, "backup-" + first));
		Answered original = create(ALICE, "d4d8ea2584e047439a667703c0684119in06", valid(), key, first);
		String second = request();

		Answered replayed = create(ALICE, "d4d8ea2584e047439a667703c0684119in06", valid(), key, second);

		assertThat(replayed.replayed()).isTrue();
		assertThat(replayed.body()).isEqualTo(original.body());
		assertThat(entry(second)).containsEntry("OUTCOME", "replayed").containsEntry("JOB_ID", "job-" + first);
		verify(this.geminiDb).createBackup(anyString(), any(), anyString(), anyString());

		String third = request();
		GatewayFailure conflict = catchThrowableOfType(GatewayFailure.class,
				() -> create(ALICE, "d4d8ea2584e047439a667703c0684119in06",
						"{\"name\":\"payments-x2\",\"description\":\"d\"}", key, third));
		assertThat(conflict.code()).isEqualTo(ProblemCode.IDEMPOTENCY_CONFLICT);
		assertThat(entry(third)).containsEntry("OUTCOME", "rejected").containsEntry("CODE", "idempotency-conflict");
	}

	@Test
	void anInvalidBodyIsAuditedAsARefusalWithWhatWasSent() {
		String request = request();

		GatewayFailure answered = catchThrowableOfType(GatewayFailure.class, () -> create(ALICE,
				"a4d8ea2584e047439a667703c0684119in06", "{\"name\":\"1x\",\"description\":\"\"}", null, request));

		assertThat(answered.code()).isEqualTo(ProblemCode.INVALID_REQUEST);
		assertThat(entry(request)).containsEntry("OUTCOME", "rejected").containsEntry("BACKUP_NAME", "1x");
		verify(this.geminiDb, never()).createBackup(anyString(), any(), anyString(), anyString());
	}

	private Answered create(Caller caller, String instance, String json, @Nullable String key, String requestId) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		return this.service.create(caller, "payments", instance, key,
				new RequestBody("application/json", bytes.length, () -> new ByteArrayInputStream(bytes),
						Duration.ofSeconds(5)),
				new RequestMeta(requestId, "127.0.0.1", "test", System.nanoTime(),
						"/v1/teams/payments/instances/" + instance + "/backups"));
	}

	private Map<String, Object> entry(String requestId) {
		return this.jdbc.sql("select * from audit_entry where request_id = :id and action = 'backup.create'")
			.param("id", requestId)
			.query()
			.singleRow();
	}

	private static String request() {
		return "module-" + UUID.randomUUID();
	}

	private static String valid() {
		return "{\"name\":\"payments-x1\",\"description\":\"d\"}";
	}

}
