package io.backupgateway.jobs;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.audit.AuditLog;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.cloud.Job;
import io.backupgateway.cloud.JobPage;
import io.backupgateway.web.RequestMeta;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.never;

/**
 * The jobs module with the audit trail it reads and writes (an H2 store of its own) and
 * the cloud standing in: a job the trail shows as running is followed to its end, and the
 * end is recorded through the audit module.
 */
@ApplicationModuleTest(extraIncludes = "audit")
@ActiveProfiles("module")
class JobsModuleTests {

	static final String PROJECT_ID = "054e292c9880d4992f02c0196d3ea468";

	@MockitoBean
	GeminiDb geminiDb;

	final AuditLog audit;

	final JobFollower follower;

	final JdbcClient jdbc;

	JobsModuleTests(AuditLog audit, JobFollower follower, JdbcClient jdbc) {
		this.audit = audit;
		this.follower = follower;
		this.jdbc = jdbc;
	}

	@Test
	void followsARunningJobToItsEndThroughTheAuditTrail() {
		String jobId = UUID.randomUUID().toString();
		Caller caller = new Caller("alice", "alice", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));
		AuditAttempt attempt = this.audit
			.recordAttempt(AuditDraft.of(caller, new RequestMeta("jobs-req-1", null, null, System.nanoTime()))
				.target("payments", "a4d8ea2584e047439a667703c0684119in06")
				.project(PROJECT_ID)
				.body("payments-x1", "d"));
		this.audit.completeAccepted(attempt, 202, 202, jobId, "backup-1");
		Job ended = new Job(jobId, "Completed", null, null, Instant.now(), Instant.now(), null);
		given(this.geminiDb.jobs(eq(PROJECT_ID), anyString(), eq("BackupInstance"), any(), any(), eq(0)))
			.willReturn(new JobPage(List.of(), 0, 0));
		given(this.geminiDb.jobs(eq(PROJECT_ID), eq("Completed"), eq("BackupInstance"), any(), any(), eq(0)))
			.willReturn(new JobPage(List.of(ended), 1, 1));

		assertThat(this.follower.followOnce()).isEqualTo(1);
		// the list showed it: no call of its own
		then(this.geminiDb).should(never()).job(PROJECT_ID, jobId);

		assertThat(this.jdbc.sql("select outcome from audit_entry where action = 'backup.job' and job_id = :jobId")
			.param("jobId", jobId)
			.query(String.class)
			.single()).isEqualTo("completed");
		assertThat(this.follower.followOnce()).isZero();
	}

}
