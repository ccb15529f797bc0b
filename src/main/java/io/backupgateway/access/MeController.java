package io.backupgateway.access;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/me}: who the gateway thinks the caller is (docs/design.md 3.4, 3.5).
 */
@RestController
class MeController {

	@Operation(operationId = "getMe", tags = "caller", summary = "Who the gateway thinks the caller is",
			description = "The subject, display name, teams and permissions read from the caller's token.")
	@GetMapping("/v1/me")
	ResponseEntity<Me> me(@AuthenticationPrincipal Caller caller) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new Me(caller.subject(), caller.name(), caller.teams().stream().sorted().toList(),
					caller.permissions().stream().sorted().toList()));
	}

	/**
	 * The caller as the gateway sees it.
	 *
	 * @param subject the token's {@code sub}
	 * @param name {@code preferred_username}, else {@code client_id}, else {@code azp},
	 * else the subject
	 * @param teams the caller's teams, sorted
	 * @param permissions the caller's permissions, sorted
	 */
	record Me(@Nullable String subject, @Nullable String name, List<String> teams, List<String> permissions) {
	}

}
