package io.backupgateway.backup;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.TeamDirectory;
import io.backupgateway.access.WebSliceSetup;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.cloud.BackupCreated;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.idempotency.IdempotencyKeys;
import io.backupgateway.ownership.OwnershipSlice;
import io.backupgateway.idempotency.KeyClaim;
import io.backupgateway.limits.Admission;
import io.backupgateway.limits.CallerRates;
import io.backupgateway.web.RequestMeta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static io.backupgateway.access.CallerJwts.jwt;
import static io.backupgateway.access.CallerJwts.memberOf;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code POST /v1/teams/{team}/instances/{instance_id}/backups} through the real security
 * chain, controller, create flow and access rules, with the audit trail and the cloud
 * stubbed: the order of checks of docs/design.md 3.4. Each request breaks every later
 * rule too, so only the first failing check can explain the answer; none reaches the
 * cloud.
 */
@WebMvcTest(BackupController.class)
@ActiveProfiles("slice")
@Import({ WebSliceSetup.class, OwnershipSlice.class, BackupService.class, AnswerBodies.class, AccessPolicy.class,
		TeamDirectory.class })
class BackupControllerTests {

	static final String INSTANCE = "a4d8ea2584e047439a667703c0684119in06";

	static final String VALID = "{\"name\":\"payments-pre-migration\",\"description\":\"before schema v42\"}";

	/** Breaks the upstream rules and the naming policy at once. */
	static final String INVALID = "{\"name\":\"1x\",\"description\":\"<bad>\",\"extra\":true}";

	@Autowired
	MockMvc mvc;

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

	@BeforeEach
	void noIdempotencyKeys() {
		given(this.idempotency.claim(any(), any(), any(), anyString())).willReturn(KeyClaim.NONE);
	}

	@Test
	void noTokenIs401BeforeAnythingElse() throws Exception {
		expectProblem(this.mvc.perform(create("Not_A_Team", "bad-id!").contentType(MediaType.TEXT_PLAIN).content("x")),
				401, "unauthenticated")
			.andExpect(header().string("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer")));
		verify(this.audit, never()).refused(any(), any());
		verify(this.audit, never()).recordRefusal(any(), any());
	}

	@Test
	void aBadPathIs400BeforePermissionAndMembership() throws Exception {
		expectProblem(this.mvc.perform(create("Not_A_Team", INSTANCE).with(jwt((claims) -> claims.claim("scope", "")))
			.contentType(MediaType.TEXT_PLAIN)
			.content(INVALID)), 400, "invalid-request").andExpect(jsonPath("$.errors[0].field").value("team"));
		verifyRefusedWithoutCloud("invalid-request");
	}

	@Test
	void aNonMemberIs403BeforeInstanceAndBody() throws Exception {
		expectProblem(this.mvc.perform(create("payments", "unknown1").with(memberOf("search"))
			.contentType(MediaType.TEXT_PLAIN)
			.content(INVALID)), 403, "forbidden");
		verifyRefusedWithoutCloud("forbidden");
	}

	@Test
	void withoutThePermissionAMemberIs403() throws Exception {
		expectProblem(this.mvc.perform(create("payments", INSTANCE)
			.with(jwt((claims) -> claims.claim("teams", java.util.List.of("payments")).claim("scope", "audit:read")))
			.contentType(MediaType.APPLICATION_JSON)
			.content(VALID)), 403, "forbidden");
		verifyRefusedWithoutCloud("forbidden");
	}

	@Test
	void anUnregisteredInstanceIs404BeforeTheBody() throws Exception {
		expectProblem(this.mvc.perform(create("payments", "unknown1").with(memberOf("payments"))
			.contentType(MediaType.TEXT_PLAIN)
			.content(INVALID)), 404, "instance-not-found");
		verifyRefusedWithoutCloud("instance-not-found");
	}

	@Test
	void anotherMediaTypeIs415BeforeTheSize() throws Exception {
		expectProblem(this.mvc.perform(create("payments", INSTANCE).with(memberOf("payments"))
			.contentType(MediaType.TEXT_PLAIN)
			.content("x".repeat(CreateBackupReader.MAX_BYTES + 1))), 415, "unsupported-media-type");
		verifyRefusedWithoutCloud("unsupported-media-type");
	}

	@Test
	void aBodyOverSixteenKibIs413BeforeItsRules() throws Exception {
		String padded = "{\"name\":\"1x\",\"description\":\"" + "<".repeat(CreateBackupReader.MAX_BYTES) + "\"}";
		expectProblem(this.mvc.perform(create("payments", INSTANCE).with(memberOf("payments"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(padded)), 413, "payload-too-large");
		verifyRefusedWithoutCloud("payload-too-large");
	}

	@Test
	void theUpstreamRulesAre400BeforeTheNamingPolicy() throws Exception {
		expectProblem(this.mvc.perform(create("payments", INSTANCE).with(memberOf("payments"))
			.contentType(MediaType.APPLICATION_JSON)
			.content(INVALID)), 400, "invalid-request");
		verifyRefusedWithoutCloud("invalid-request");
	}

	@Test
	void theNamingPolicyIs400Last() throws Exception {
		expectProblem(this.mvc.perform(create("payments", INSTANCE).with(memberOf("payments"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\":\"ledger-x1\",\"description\":\"\"}")), 400, "naming-policy");
		verifyRefusedWithoutCloud("naming-policy");
	}

	@Test
	void aValidRequestIsRecordedThenSentAndAnswered202() throws Exception {
		AuditAttempt attempt = new AuditAttempt(java.util.UUID.randomUUID(), new RequestMeta("r-1", null, null, 0));
		given(this.admission.admit(any(), any())).willReturn(attempt);
		given(this.geminiDb.createBackup(anyString(), any(), anyString(), anyString()))
			.willReturn(new BackupCreated(202, "job-1", "backup-1"));
		this.mvc
			.perform(create("payments", INSTANCE).with(memberOf("payments"))
				.contentType(MediaType.APPLICATION_JSON)
				.content(VALID))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.job_id").value("job-1"))
			.andExpect(jsonPath("$.backup_id").value("backup-1"))
			.andExpect(jsonPath("$.audit_id").value(attempt.auditId().toString()))
			.andExpect(jsonPath("$.team").value("payments"))
			.andExpect(jsonPath("$.instance_id").value(INSTANCE))
			.andExpect(jsonPath("$.name").value("payments-pre-migration"));
		verify(this.geminiDb).createBackup("eu-de-prod", new io.backupgateway.config.InstanceId(INSTANCE),
				"payments-pre-migration", "before schema v42");
	}

	private static MockHttpServletRequestBuilder create(String team, String instance) {
		return post("/v1/teams/{team}/instances/{instance_id}/backups", team, instance);
	}

	private static ResultActions expectProblem(ResultActions result, int status, String code) throws Exception {
		return result.andExpect(status().is(status))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.code").value(code))
			.andExpect(jsonPath("$.request_id").isNotEmpty());
	}

	private void verifyRefusedWithoutCloud(String code) {
		verify(this.audit).refused(any(),
				org.mockito.ArgumentMatchers
					.argThat((RuntimeException refusal) -> refusal instanceof GatewayFailure failure
							&& failure.code().slug().equals(code)));
		verify(this.admission, never()).admit(any(), any());
		verify(this.geminiDb, never()).createBackup(anyString(), any(), anyString(), anyString());
	}

}
