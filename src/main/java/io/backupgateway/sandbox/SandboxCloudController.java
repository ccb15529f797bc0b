package io.backupgateway.sandbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stand-ins for IAM and GeminiDB that answer as the real APIs do (DESIGN section 7,
 * CLOUD-API.md): IAM issues a token in {@code X-Subject-Token}, GeminiDB accepts a manual
 * backup with a job id and a backup id. Only in the sandbox.
 */
@RestController
@Profile("sandbox")
class SandboxCloudController {

	@PostMapping(path = "/sandbox/iam/v3/auth/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> iamToken() {
		Instant now = Instant.now();
		Map<String, Object> token = Map.of("methods", new String[] { "password" }, "issued_at", now.toString(),
				"expires_at", now.plus(24, ChronoUnit.HOURS).toString());
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("X-Subject-Token", "sandbox-" + UUID.randomUUID())
			.body(Map.of("token", token));
	}

	@PostMapping(path = "/sandbox/geminidb/v3/{project_id}/instances/{instance_id}/backups",
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> createBackup(@PathVariable("project_id") String projectId,
			@PathVariable("instance_id") String instanceId) {
		String backupId = UUID.randomUUID().toString().replace("-", "") + "br06";
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(Map.of("job_id", UUID.randomUUID().toString(), "backup_id", backupId));
	}

}
