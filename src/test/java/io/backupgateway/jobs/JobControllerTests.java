package io.backupgateway.jobs;

import java.time.Instant;
import java.util.Optional;

import io.backupgateway.access.WebSliceSetup;
import io.backupgateway.audit.AuditFollowUp;
import io.backupgateway.audit.StartedJob;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.cloud.Job;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static io.backupgateway.access.CallerJwts.memberOf;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * {@code GET /v1/teams/{team}/jobs/{job_id}} (docs/design.md 3.4, 3.5) through the real
 * security chain and controller, with the trail and the cloud stubbed.
 */
@WebMvcTest(JobController.class)
@ActiveProfiles("slice")
@Import(WebSliceSetup.class)
class JobControllerTests {

	static final String PROJECT_ID = "054e292c9880d4992f02c0196d3ea468";

	static final String INSTANCE = "a4d8ea2584e047439a667703c0684119in06";

	@Autowired
	MockMvc mvc;

	@MockitoBean
	AuditFollowUp ledger;

	@MockitoBean
	GeminiDb geminiDb;

	@Test
	void checksTheCallerBeforeLookingAnythingUp() throws Exception {
		this.mvc.perform(get("/v1/teams/payments/jobs/job-1")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/v1/teams/Payments!/jobs/job-1").with(memberOf("payments")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("team"));
		this.mvc.perform(get("/v1/teams/payments/jobs/job-1").with(memberOf("search")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("forbidden"));
		verify(this.ledger, never()).startedJob(anyString(), anyString());
		verify(this.geminiDb, never()).job(anyString(), anyString());
	}

	@Test
	void aJobThisGatewayDidNotStartForTheTeamIsNotFound() throws Exception {
		given(this.ledger.startedJob("payments", "job-1")).willReturn(Optional.empty());
		this.mvc.perform(get("/v1/teams/payments/jobs/job-1").with(memberOf("payments")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("not-found"));
		verify(this.geminiDb, never()).job(anyString(), anyString());
	}

	@Test
	void showsTheCloudsViewOfTheJob() throws Exception {
		given(this.ledger.startedJob("payments", "job-1"))
			.willReturn(Optional.of(new StartedJob("job-1", INSTANCE, PROJECT_ID, "backup-1", "Running")));
		given(this.geminiDb.job(PROJECT_ID, "job-1")).willReturn(Optional
			.of(new Job("job-1", "Running", "60%", null, Instant.parse("2026-12-02T10:00:00Z"), null, INSTANCE)));
		this.mvc.perform(get("/v1/teams/payments/jobs/job-1").with(memberOf("payments")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("Running"))
			.andExpect(jsonPath("$.progress").value("60%"))
			.andExpect(jsonPath("$.backup_id").value("backup-1"));
	}

	@Test
	void aJobTheCloudNoLongerListsShowsWhatTheTrailKnows() throws Exception {
		given(this.ledger.startedJob("payments", "job-1"))
			.willReturn(Optional.of(new StartedJob("job-1", INSTANCE, PROJECT_ID, "backup-1", "Completed")));
		given(this.geminiDb.job(PROJECT_ID, "job-1")).willReturn(Optional.empty());
		this.mvc.perform(get("/v1/teams/payments/jobs/job-1").with(memberOf("payments")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("Completed"));
	}

	@Test
	void aCloudFailureIsAnsweredAsTheContractSays() throws Exception {
		given(this.ledger.startedJob("payments", "job-1"))
			.willReturn(Optional.of(new StartedJob("job-1", INSTANCE, PROJECT_ID, "backup-1", "Running")));
		given(this.geminiDb.job(PROJECT_ID, "job-1"))
			.willThrow(new CloudFailure(CloudFailure.Kind.TIMEOUT, "The cloud did not answer in time."));
		this.mvc.perform(get("/v1/teams/payments/jobs/job-1").with(memberOf("payments")))
			.andExpect(status().isGatewayTimeout())
			.andExpect(jsonPath("$.code").value("upstream-timeout"));
	}

}
