package io.backupgateway.backup;

import io.backupgateway.access.Caller;
import io.backupgateway.web.RequestMeta;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/teams/{team}/instances/{instance_id}/backups} (DESIGN 3.1). The body is
 * taken raw and read by the service only after the caller is authorized.
 */
@RestController
class BackupController {

	private final BackupService backups;

	BackupController(BackupService backups) {
		this.backups = backups;
	}

	@PostMapping("/v1/teams/{team}/instances/{instance_id}/backups")
	ResponseEntity<BackupAccepted> create(@AuthenticationPrincipal Caller caller, @PathVariable String team,
			@PathVariable("instance_id") String instanceId, HttpServletRequest request) {
		RequestBody body = new RequestBody(request.getContentType(), request.getContentLengthLong(),
				request::getInputStream);
		BackupAccepted accepted = this.backups.create(caller, team, instanceId, body, RequestMeta.of(request));
		// content type preset: the backup exists now, an Accept header must not turn this
		// into a 406
		return ResponseEntity.accepted().contentType(MediaType.APPLICATION_JSON).body(accepted);
	}

}
