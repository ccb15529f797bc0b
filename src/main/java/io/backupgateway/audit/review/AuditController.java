package io.backupgateway.audit.review;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backupgateway.access.Caller;
import io.backupgateway.audit.chain.ChainReport;
import io.backupgateway.audit.chain.ChainVerifier;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.web.ConnectionValve;
import io.backupgateway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit review API (docs/design.md 3.3, 3.4): pages, single entries, streamed exports
 * and the chain's verification.
 */
@RestController
@RequestMapping("/v1/audit")
class AuditController {

	private final AuditQueries queries;

	private final AuditStream stream;

	private final ChainVerifier verifier;

	private final ExportSlots slots;

	AuditController(AuditQueries queries, AuditStream stream, ChainVerifier verifier, ExportSlots slots) {
		this.queries = queries;
		this.stream = stream;
		this.verifier = verifier;
		this.slots = slots;
	}

	@Operation(operationId = "listAuditEntries", tags = "audit", summary = "Review the audit trail", description = """
			Newest first, in keyset pages: pass a page's next_cursor to get the next one. \
			audit:read reads every team; backup:create reads the caller's own teams.""")
	@TeamParameter
	@FilterParameters
	@Parameter(in = ParameterIn.QUERY, name = "limit", description = "Entries per page, 1 to 500",
			schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
	@Parameter(in = ParameterIn.QUERY, name = "cursor", description = "The next_cursor of the previous page",
			schema = @Schema(type = "string"))
	@ProblemResponses({ ProblemCode.INVALID_REQUEST, ProblemCode.FORBIDDEN, ProblemCode.AUDIT_UNAVAILABLE })
	@GetMapping
	ResponseEntity<AuditPage> list(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
		Map<String, String[]> parameters = request.getParameterMap();
		AuditFilter filter = AuditFilter.parse(parameters, Set.of("limit", "cursor"));
		Set<String> teams = AuditAccess.visibleTeams(caller, filter);
		int limit = AuditFilter.limit(parameters);
		String cursorText = AuditFilter.single(parameters, "cursor");
		AuditCursor cursor = (cursorText != null) ? AuditCursor.decode(cursorText) : null;
		List<AuditEntry> entries = this.queries.page(filter, teams, cursor, limit + 1);
		String next = null;
		if (entries.size() > limit) {
			entries = new ArrayList<>(entries.subList(0, limit));
			next = AuditCursor.after(entries.get(limit - 1)).encode();
		}
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new AuditPage(entries, next));
	}

	@Operation(operationId = "getAuditEntry", tags = "audit", summary = "One audit entry",
			description = "An entry of another team is not found for a caller without audit:read.")
	@ProblemResponses({ ProblemCode.FORBIDDEN, ProblemCode.NOT_FOUND, ProblemCode.AUDIT_UNAVAILABLE })
	@GetMapping("/{audit_id}")
	ResponseEntity<AuditEntry> one(@AuthenticationPrincipal Caller caller,
			@Parameter(name = "audit_id", description = "The entry's id",
					example = "0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a") @PathVariable("audit_id") String auditId) {
		AuditAccess.requireReader(caller);
		AuditEntry entry = AuditIds.parse(auditId)
			.flatMap(this.queries::byId)
			.filter((found) -> AuditAccess.mayRead(caller, found))
			.orElseThrow(() -> new AuditEntryNotFound());
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(entry);
	}

	@Operation(operationId = "exportAuditEntries", tags = "audit", summary = "Export the audit trail", description = """
			Every matching entry, newest first, streamed. CSV: a header row, RFC 4180, cells that \
			a spreadsheet would run as a formula prefixed with '. NDJSON: one entry per line with \
			the integrity chain's members, for offline verification (docs/audit.md).""")
	@TeamParameter
	@FilterParameters
	@Parameter(in = ParameterIn.QUERY, name = "format", required = true,
			schema = @Schema(type = "string", allowableValues = { "csv", "ndjson" }))
	@ApiResponse(responseCode = "200", description = "The entries",
			content = { @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
					@Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string")) })
	@ProblemResponses({ ProblemCode.INVALID_REQUEST, ProblemCode.FORBIDDEN, ProblemCode.RATE_LIMITED })
	@GetMapping("/export")
	void export(@AuthenticationPrincipal Caller caller, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		if (ExportWriter.export(this.stream, this.slots, caller, request.getParameterMap(),
				response) == AuditStream.End.DEADLINE) {
			// the client must not take a cut export for a whole one
			ConnectionValve.abortAfterAnswer(request);
		}
	}

	@Operation(operationId = "verifyAuditChain", tags = "audit", summary = "Verify the integrity chain",
			description = """
					Recomputes the SHA-256 chain over every sealed entry and names the first entry that does \
					not match. Needs audit:read.""")
	@ProblemResponses({ ProblemCode.FORBIDDEN, ProblemCode.RATE_LIMITED })
	@GetMapping("/verify")
	ResponseEntity<ChainReport> verify(@AuthenticationPrincipal Caller caller) {
		AuditAccess.requireAuditor(caller);
		String subject = String.valueOf(caller.subject());
		this.slots.acquire(subject);
		try {
			return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(this.verifier.verify());
		}
		finally {
			this.slots.release(subject);
		}
	}

}
