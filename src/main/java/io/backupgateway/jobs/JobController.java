package io.backupgateway.jobs;

import java.time.Instant;
import java.util.Optional;

import io.backupgateway.access.AccessPolicy;
import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditFollowUp;
import io.backupgateway.audit.StartedJob;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.cloud.Job;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/teams/{team}/jobs/{job_id}}: a backup job's status, read from the
 * cloud's job API, for the team's members, and only for jobs this gateway started for
 * that team (docs/design.md 3.4, 3.5). When the cloud no longer lists the job, the status
 * the audit trail knows is shown.
 */
@RestController
class JobController {

	private final AuditFollowUp trail;

	private final GeminiDb geminiDb;

	JobController(AuditFollowUp trail, GeminiDb geminiDb) {
		this.trail = trail;
		this.geminiDb = geminiDb;
	}

	@Operation(operationId = "getJob", tags = "backups", summary = "A backup job's status",
			description = "For the team's members, and only for jobs this gateway started for that team; "
					+ "read from the cloud's job API.")
	@ProblemResponses({ ProblemCode.INVALID_REQUEST, ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND,
			ProblemCode.UPSTREAM_ERROR, ProblemCode.CREDENTIALS_UNAVAILABLE, ProblemCode.UPSTREAM_TIMEOUT })
	@GetMapping("/v1/teams/{team}/jobs/{job_id}")
	ResponseEntity<JobView> job(@AuthenticationPrincipal Caller caller,
			@Parameter(example = "payments") @PathVariable String team,
			@Parameter(example = "8061ceaf-b319-4315-9338-7f3de8e26f05") @PathVariable("job_id") String jobId) {
		AccessPolicy.requireMember(caller, team);
		StartedJob started = this.trail.startedJob(team, jobId).orElseThrow(() -> new JobNotFound(team));
		Optional<Job> job = job(started.projectId(), jobId);
		JobView view = job
			.map((found) -> new JobView(jobId, found.status(), found.progress(), found.failReason(), found.startedAt(),
					found.endedAt(), started.instanceId(), started.backupId()))
			.orElseGet(() -> new JobView(jobId, (started.jobStatus() != null) ? started.jobStatus() : "Unknown", null,
					null, null, null, started.instanceId(), started.backupId()));
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(view);
	}

	private Optional<Job> job(String projectId, String jobId) {
		try {
			return this.geminiDb.job(projectId, jobId);
		}
		catch (CloudFailure ex) {
			throw ex.problem();
		}
	}

	/**
	 * A backup job.
	 *
	 * @param jobId the job id
	 * @param status {@code Running}, {@code Completed}, {@code Failed}, or
	 * {@code Unknown}
	 * @param progress e.g. {@code 60%} while running
	 * @param failReason why it failed, if it did
	 * @param startedAt when it started
	 * @param endedAt when it ended
	 * @param instanceId the instance
	 * @param backupId the backup
	 */
	record JobView(String jobId, @Schema(allowableValues = {
			"Running", "Completed", "Failed", "Unknown" }) String status, @Nullable String progress,
			@Nullable String failReason, @Nullable Instant startedAt, @Nullable Instant endedAt,
			@Nullable String instanceId, @Nullable String backupId){
	}

}
