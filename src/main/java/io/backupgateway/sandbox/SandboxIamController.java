package io.backupgateway.sandbox;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sandbox's stand-in for IAM's token API: any password gets a fresh token for 24
 * hours.
 */
@RestController
@Profile("sandbox")
class SandboxIamController {

	@PostMapping(path = "/sandbox/iam/v3/auth/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> iamToken() {
		Instant now = Instant.now();
		Map<String, Object> token = Map.of("methods", List.of("password"), "issued_at", now.toString(), "expires_at",
				now.plus(24, ChronoUnit.HOURS).toString());
		return ResponseEntity.status(HttpStatus.CREATED)
			.header("X-Subject-Token", "sandbox-" + UUID.randomUUID())
			.body(Map.of("token", token));
	}

}
