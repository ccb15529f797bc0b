package io.backupgateway.backup;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.BackupTarget;
import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.audit.AuditUnavailable;
import io.backupgateway.cloud.BackupCreated;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.config.InstanceId;
import io.backupgateway.config.TeamName;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.idempotency.IdempotencyKeys;
import io.backupgateway.idempotency.KeyClaim;
import io.backupgateway.idempotency.StoredAnswer;
import io.backupgateway.limits.Admission;
import io.backupgateway.limits.CallerRates;
import io.backupgateway.testsupport.TestFailure;
import io.backupgateway.web.Problems;
import io.backupgateway.web.RequestMeta;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.ArgumentMatchers.same;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The promises of the create flow (docs/design.md section 2), with the modules it calls
 * replaced: a refusal is audited before it is answered and nothing goes upstream; the
 * attempt is durable before the upstream call (invariant 1); every way out of the call
 * completes the entry (invariant 2).
 */
class BackupServiceTests {

	static final String INSTANCE = "a4d8ea2584e047439a667703c0684119in06";

	static final BackupTarget TARGET = new BackupTarget(new TeamName("payments"), new InstanceId(INSTANCE),
			"eu-de-prod", "054e292c9880d4992f02c0196d3ea468");

	static final Caller ALICE = new Caller("alice", "alice.smith", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));

	final AccessPolicy access = mock(AccessPolicy.class);

	final AuditLog audit = mock(AuditLog.class);

	final IdempotencyKeys idempotency = mock(IdempotencyKeys.class);

	final Admission admission = mock(Admission.class);

	final GeminiDb geminiDb = mock(GeminiDb.class);

	final BackupService service = new BackupService(mock(CallerRates.class), this.access, this.idempotency,
			this.admission, this.geminiDb, this.audit, new AnswerBodies(new Problems(
					JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build())));

	final RequestMeta meta = new RequestMeta("req-1", "127.0.0.1", "test", System.nanoTime());

	final AuditAttempt attempt = new AuditAttempt(UUID.randomUUID(), this.meta);

	@BeforeEach
	void aRegisteredInstance() {
		given(this.idempotency.claim(any(), any(), any(), anyString())).willReturn(KeyClaim.NONE);
		given(this.access.requireCanBackUp(ALICE, "payments", INSTANCE)).willReturn(TARGET);
		given(this.admission.admit(eq(TARGET), any(AuditDraft.class))).willReturn(this.attempt);
	}

	@Test
	void aRefusalIsAuditedThenAnsweredAndNothingGoesUpstream() {
		GatewayFailure denied = new TestFailure(ProblemCode.FORBIDDEN, "not a member");
		given(this.access.requireCanBackUp(ALICE, "payments", INSTANCE)).willThrow(denied);

		GatewayFailure answered = catchThrowableOfType(GatewayFailure.class, () -> create(valid()));

		assertThat(answered).isSameAs(denied);
		verify(this.audit).recordRefusal(any(AuditDraft.class), same(denied));
		verify(this.admission, never()).admit(any(), any());
		verifyNoInteractions(this.geminiDb);
	}

	@Test
	void anInvalidBodyIsAuditedAsARefusal() {
		GatewayFailure answered = catchThrowableOfType(GatewayFailure.class,
				() -> create("{\"name\":\"1x\",\"description\":\"\"}"));

		assertThat(answered.code()).isEqualTo(ProblemCode.INVALID_REQUEST);
		verify(this.audit).recordRefusal(any(AuditDraft.class), same(answered));
		verifyNoInteractions(this.geminiDb);
	}

	@Test
	void aBugDuringTheChecksIsAuditedAsAnInternalError() {
		IllegalStateException bug = new IllegalStateException("bug");
		willThrow(bug).given(this.access).requireNameAllowed(any(), anyString());

		assertThat(catchThrowableOfType(IllegalStateException.class, () -> create(valid()))).isSameAs(bug);
		verify(this.audit).recordRefusal(any(AuditDraft.class), org.mockito.ArgumentMatchers
			.argThat((GatewayFailure refusal) -> refusal.code() == ProblemCode.INTERNAL_ERROR));
		verifyNoInteractions(this.geminiDb);
	}

	@Test
	void theAttemptIsRecordedBeforeTheCloudIsCalledAndCompletedAfter() {
		given(this.geminiDb.createBackup("eu-de-prod", new InstanceId(INSTANCE), "payments-x1", "d"))
			.willReturn(new BackupCreated(202, "job-1", "backup-1"));

		JsonNode accepted = JsonMapper.builder().build().readTree(create(valid()).body());

		InOrder order = inOrder(this.admission, this.audit, this.geminiDb);
		order.verify(this.admission).admit(eq(TARGET), any(AuditDraft.class));
		order.verify(this.geminiDb).createBackup("eu-de-prod", new InstanceId(INSTANCE), "payments-x1", "d");
		order.verify(this.audit).completeAccepted(this.attempt, 202, 202, "job-1", "backup-1");
		assertThat(accepted.get("job_id").stringValue()).isEqualTo("job-1");
		assertThat(accepted.get("audit_id").stringValue()).isEqualTo(this.attempt.auditId().toString());
	}

	@Test
	void whenTheAttemptCannotBeRecordedNothingGoesUpstream() {
		AuditUnavailable unavailable = mock(AuditUnavailable.class);
		given(this.admission.admit(any(), any())).willThrow(unavailable);

		assertThat(catchThrowableOfType(AuditUnavailable.class, () -> create(valid()))).isSameAs(unavailable);
		verifyNoInteractions(this.geminiDb);
	}

	@Test
	void aCloudFailureCompletesTheEntryWithTheAnswerAndTheCloudsWords() {
		CloudFailure throttled = new CloudFailure(CloudFailure.Kind.THROTTLED, "slow down",
				new CloudFailure.UpstreamError(429, "DBS.280443", "busy"), 30L, null);
		given(this.geminiDb.createBackup(anyString(), any(), anyString(), anyString())).willThrow(throttled);

		GatewayFailure answered = catchThrowableOfType(GatewayFailure.class, () -> create(valid()));

		assertThat(answered.code()).isEqualTo(ProblemCode.UPSTREAM_THROTTLED);
		assertThat(answered.retryAfterSeconds()).isEqualTo(30L);
		assertThat(answered.members()).containsEntry("upstream_error_code", "DBS.280443");
		verify(this.audit).completeFailed(this.attempt, ProblemCode.UPSTREAM_THROTTLED, throttled);
		verify(this.audit, never()).completeAccepted(any(), any(Integer.class), any(Integer.class), any(), any());
	}

	@Test
	void aBugDuringTheCallCompletesTheEntryAsAnInternalError() {
		IllegalStateException bug = new IllegalStateException("bug");
		given(this.geminiDb.createBackup(anyString(), any(), anyString(), anyString())).willThrow(bug);

		assertThat(catchThrowableOfType(IllegalStateException.class, () -> create(valid()))).isSameAs(bug);
		verify(this.audit).completeFailed(eq(this.attempt), eq(ProblemCode.INTERNAL_ERROR), isNull());
	}

	@Test
	void aReplayIsAuditedAndAnsweredWithoutAdmissionOrCloud() {
		StoredAnswer original = new StoredAnswer(202, null, "application/json", "{\"job_id\":\"job-1\"}",
				UUID.randomUUID(), "job-1", "backup-1");
		given(this.idempotency.claim(eq("payments"), eq("alice"), eq("key-1"), anyString()))
			.willReturn(KeyClaim.replaying(original));

		Answered outcome = create(valid(), "key-1");

		assertThat(outcome.replayed()).isTrue();
		assertThat(outcome.body()).isEqualTo(original.body());
		verify(this.audit).recordReplay(any(AuditDraft.class), eq(202), isNull(), eq("job-1"), eq("backup-1"));
		verify(this.admission, never()).admit(any(), any());
		verifyNoInteractions(this.geminiDb);
	}

	@Test
	void aKeyConflictIsAuditedAsARefusalAndGoesNoFurther() {
		GatewayFailure conflict = new TestFailure(ProblemCode.IDEMPOTENCY_CONFLICT, "other request");
		given(this.idempotency.claim(anyString(), anyString(), anyString(), anyString())).willThrow(conflict);

		assertThat(catchThrowableOfType(GatewayFailure.class, () -> create(valid(), "key-1"))).isSameAs(conflict);
		verify(this.audit).recordRefusal(any(AuditDraft.class), same(conflict));
		verify(this.admission, never()).admit(any(), any());
		verifyNoInteractions(this.geminiDb);
	}

	@Test
	void aFullQuotaIsAuditedAsARefusalAndNothingGoesUpstream() {
		GatewayFailure limited = new TestFailure(ProblemCode.RATE_LIMITED, "quota").retryAfter(60);
		given(this.admission.admit(any(), any())).willThrow(limited);

		assertThat(catchThrowableOfType(GatewayFailure.class, () -> create(valid()))).isSameAs(limited);
		verify(this.audit).recordRefusal(any(AuditDraft.class), same(limited));
		verifyNoInteractions(this.geminiDb);
	}

	private Answered create(String json) {
		return create(json, null);
	}

	private Answered create(String json, @Nullable String key) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		return this.service.create(ALICE, "payments", INSTANCE, key, new RequestBody("application/json", bytes.length,
				() -> new ByteArrayInputStream(bytes), Duration.ofSeconds(5)), this.meta);
	}

	private static String valid() {
		return "{\"name\":\"payments-x1\",\"description\":\"d\"}";
	}

}
