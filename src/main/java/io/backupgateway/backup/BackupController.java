package io.backupgateway.backup;

import java.nio.charset.StandardCharsets;

import io.backupgateway.access.Caller;
import io.backupgateway.config.LimitSettings;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.web.ProblemResponses;
import io.backupgateway.web.RequestMeta;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/teams/{team}/instances/{instance_id}/backups} (docs/design.md 3.1). The
 * body is taken raw and read by the service only after the caller is authorized.
 */
@RestController
class BackupController {

	static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	private final BackupService backups;

	private final LimitSettings limits;

	BackupController(BackupService backups, LimitSettings limits) {
		this.backups = backups;
		this.limits = limits;
	}

	@Operation(operationId = "createBackup", tags = "backups", summary = "Create a manual backup", description = """
			Checks the caller (backup:create and membership of the team), the instance (registered to \
			the team) and the body (the cloud's rules and the team's naming policy), in that order; \
			then the Idempotency-Key, the team's hourly quota and whether a backup of the instance is \
			still running; records the attempt in the audit trail; then asks the cloud for the backup. \
			Nothing invalid reaches the cloud, and nothing is sent before the attempt is recorded. \
			A request repeated with its Idempotency-Key gets the first answer again, byte for byte, \
			with Idempotent-Replayed: true.""", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
			required = true, description = "Exactly these two fields; any other field is refused. At most 16 KiB.",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = CreateBackupRequest.class),
					examples = @ExampleObject(name = "backup",
							value = "{\"name\": \"payments-pre-migration\", \"description\": \"before schema v42\"}"))))
	@ApiResponse(responseCode = "202", description = "The cloud accepted the backup; its job runs",
			headers = @Header(name = IDEMPOTENT_REPLAYED,
					description = "true when this is the stored answer of an earlier request with the same "
							+ "Idempotency-Key; absent otherwise",
					schema = @Schema(type = "string", allowableValues = "true")),
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = BackupAccepted.class)))
	@ProblemResponses({ ProblemCode.INVALID_REQUEST, ProblemCode.NAMING_POLICY, ProblemCode.FORBIDDEN,
			ProblemCode.INSTANCE_NOT_FOUND, ProblemCode.UPSTREAM_REJECTED, ProblemCode.PAYLOAD_TOO_LARGE,
			ProblemCode.UNSUPPORTED_MEDIA_TYPE, ProblemCode.REQUEST_TIMEOUT, ProblemCode.UPSTREAM_ERROR,
			ProblemCode.UPSTREAM_THROTTLED, ProblemCode.UPSTREAM_UNAVAILABLE, ProblemCode.CREDENTIALS_UNAVAILABLE,
			ProblemCode.AUDIT_UNAVAILABLE, ProblemCode.OWNERSHIP_UNAVAILABLE, ProblemCode.UPSTREAM_TIMEOUT,
			ProblemCode.IDEMPOTENCY_IN_PROGRESS, ProblemCode.IDEMPOTENCY_CONFLICT, ProblemCode.BACKUP_IN_PROGRESS,
			ProblemCode.RATE_LIMITED })
	@Parameter(in = io.swagger.v3.oas.annotations.enums.ParameterIn.HEADER, name = IDEMPOTENCY_KEY,
			description = "1 to 128 visible ASCII characters, scoped to the team and the caller. A repeated "
					+ "request with the key gets the first answer again (Idempotent-Replayed: true) while the "
					+ "key is kept: for gateway.idempotency.retention when the cloud may have created the "
					+ "backup (2xx, 5xx, no answer); after any other answer the key is released at once. The "
					+ "key with another request is 422; while its first request runs, 409.",
			schema = @Schema(type = "string", minLength = 1, maxLength = 128))
	@PostMapping("/v1/teams/{team}/instances/{instance_id}/backups")
	ResponseEntity<Object> create(@AuthenticationPrincipal Caller caller,
			@Parameter(description = "The team: ^[a-z][a-z0-9-]{1,62}$",
					example = "payments") @PathVariable String team,
			@Parameter(description = "The instance: ASCII letters and digits, 1 to 64",
					example = "a4d8ea2584e047439a667703c0684119in06") @PathVariable("instance_id") String instanceId,
			HttpServletRequest request) {
		RequestBody body = new RequestBody(request.getContentType(), request.getContentLengthLong(),
				request::getInputStream, this.limits.bodyReadTimeout());
		return answer(this.backups.create(caller, team, instanceId, request.getHeader(IDEMPOTENCY_KEY), body,
				RequestMeta.of(request)));
	}

	/**
	 * An answer as its flow made it, byte for byte: the body an {@code Idempotency-Key}
	 * keeps, or the first answer again (docs/design.md 3.4).
	 */
	static ResponseEntity<Object> answer(Answered answered) {
		ResponseEntity.BodyBuilder builder = ResponseEntity.status(answered.status())
			.contentType(MediaType.parseMediaType(answered.contentType()));
		if (answered.replayed()) {
			builder.header(IDEMPOTENT_REPLAYED, "true");
		}
		return builder.body(answered.body().getBytes(StandardCharsets.UTF_8));
	}

}
