package io.backupgateway.backup;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backupgateway.access.Caller;
import io.backupgateway.backup.BackupListing.TeamBackups;
import io.backupgateway.failure.GatewayFailure.FieldError;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.web.ProblemResponses;
import io.backupgateway.web.QueryParameters;
import io.backupgateway.web.RequestMeta;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A team's backups: listed from the cloud, and a manual one deleted (docs/design.md 3.5).
 */
@RestController
class TeamBackupsController {

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 100;

	private static final Set<String> PARAMETERS = Set.of("instance_id", "limit", "offset");

	private final BackupListing listing;

	private final BackupDeletion deletion;

	TeamBackupsController(BackupListing listing, BackupDeletion deletion) {
		this.listing = listing;
		this.deletion = deletion;
	}

	@Operation(operationId = "listTeamBackups", tags = "backups", summary = "The backups of a team's instances",
			description = """
					For the team's members: the backups of the team's instances (or of the one named), manual \
					and automated, as the cloud lists them, newest first, in pages.""")
	@ApiResponse(responseCode = "200", description = "A page of the team's backups",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = TeamBackups.class),
					examples = @ExampleObject(name = "backups", value = """
							{"team": "payments", "backups": [{"backup_id": "5b0ae36cb8a746b68685a8fb588d8a15br06", \
							"name": "payments-pre-migration", "description": "before schema v42", \
							"instance_id": "a4d8ea2584e047439a667703c0684119in06", "type": "Manual", \
							"status": "COMPLETED", "size_kb": 2048.5, "began_at": "2026-11-30T10:00:00Z", \
							"ended_at": "2026-11-30T10:05:00Z"}], "next_offset": 50}""")))
	@Parameter(in = ParameterIn.QUERY, name = "instance_id", description = "Only this instance (one of the team's)",
			schema = @Schema(type = "string"), example = "a4d8ea2584e047439a667703c0684119in06")
	@Parameter(in = ParameterIn.QUERY, name = "limit", description = "Backups per page, 1 to " + MAX_LIMIT,
			schema = @Schema(type = "integer", minimum = "1", maximum = "100", defaultValue = "50"))
	@Parameter(in = ParameterIn.QUERY, name = "offset", description = "The next_offset of the previous page",
			schema = @Schema(type = "integer", minimum = "0", defaultValue = "0"))
	@ProblemResponses({ ProblemCode.INVALID_REQUEST, ProblemCode.FORBIDDEN, ProblemCode.INSTANCE_NOT_FOUND,
			ProblemCode.UPSTREAM_ERROR, ProblemCode.UPSTREAM_THROTTLED, ProblemCode.CREDENTIALS_UNAVAILABLE,
			ProblemCode.OWNERSHIP_UNAVAILABLE, ProblemCode.UPSTREAM_TIMEOUT })
	@GetMapping("/v1/teams/{team}/backups")
	ResponseEntity<TeamBackups> list(@AuthenticationPrincipal Caller caller,
			@Parameter(example = "payments") @PathVariable String team, HttpServletRequest request) {
		Map<String, String[]> parameters = request.getParameterMap();
		List<FieldError> errors = QueryParameters.unknownOrRepeated(parameters, PARAMETERS::contains);
		int limit = number(parameters, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT, errors);
		int offset = number(parameters, "offset", 0, 0, Integer.MAX_VALUE, errors);
		if (!errors.isEmpty()) {
			throw new InvalidBackupRequest("The query is invalid.").withErrors(errors);
		}
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(this.listing.list(caller, team, QueryParameters.single(parameters, "instance_id"), limit, offset));
	}

	@Operation(operationId = "deleteBackup", tags = "backups", summary = "Delete a manual backup", description = """
			Needs backup:delete and membership of the team. The backup must be a manual backup of one of \
			the team's instances, as the cloud lists them: it is looked up before anything is sent. Audited \
			like a create (action backup.delete), the attempt recorded before the cloud is called; the \
			delete job is followed. Delete is documented by Huawei Cloud, not by OTC.""")
	@ApiResponse(responseCode = "202", description = "The cloud accepted the deletion; its job runs",
			headers = @Header(name = BackupController.IDEMPOTENT_REPLAYED,
					description = "true when this is the stored answer of an earlier request with the same "
							+ "Idempotency-Key; absent otherwise",
					schema = @Schema(type = "string", allowableValues = "true")),
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = BackupDeleting.class),
					examples = @ExampleObject(name = "deleting", value = """
							{"job_id": "2f1c7e0a-9b3d-4c8e-a6f1-0d2e4b6c8a90", \
							"audit_id": "0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a"}""")))
	@ProblemResponses({ ProblemCode.INVALID_REQUEST, ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND,
			ProblemCode.UPSTREAM_REJECTED, ProblemCode.BACKUP_IN_USE, ProblemCode.UPSTREAM_ERROR,
			ProblemCode.UPSTREAM_THROTTLED, ProblemCode.UPSTREAM_UNAVAILABLE, ProblemCode.CREDENTIALS_UNAVAILABLE,
			ProblemCode.AUDIT_UNAVAILABLE, ProblemCode.UPSTREAM_TIMEOUT, ProblemCode.IDEMPOTENCY_IN_PROGRESS,
			ProblemCode.IDEMPOTENCY_CONFLICT, ProblemCode.RATE_LIMITED })
	@Parameter(in = ParameterIn.HEADER, name = BackupController.IDEMPOTENCY_KEY,
			description = "As for a create: a repeated request with the key gets the first answer again.",
			schema = @Schema(type = "string", minLength = 1, maxLength = 128))
	@DeleteMapping("/v1/teams/{team}/backups/{backup_id}")
	ResponseEntity<Object> delete(@AuthenticationPrincipal Caller caller,
			@Parameter(example = "payments") @PathVariable String team,
			@Parameter(description = "The cloud's backup id: ASCII letters and digits, 1 to 64",
					example = "3b61add8d39142b5aa1a4088e70c28f5br06") @PathVariable("backup_id") String backupId,
			HttpServletRequest request) {
		return BackupController.answer(this.deletion.delete(caller, team, backupId,
				request.getHeader(BackupController.IDEMPOTENCY_KEY), RequestMeta.of(request)));
	}

	private static int number(Map<String, String[]> parameters, String name, int fallback, int min, int max,
			List<FieldError> errors) {
		String text = QueryParameters.single(parameters, name);
		if (text == null) {
			return fallback;
		}
		try {
			int value = Integer.parseInt(text);
			if (value >= min && value <= max) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		errors.add(new FieldError(name,
				"must be a whole number from " + min + ((max == Integer.MAX_VALUE) ? " up" : " to " + max)));
		return fallback;
	}

}
