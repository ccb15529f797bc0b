package io.backupgateway.audit.review;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backupgateway.access.Caller;
import io.backupgateway.audit.chain.AuditDigest;
import io.backupgateway.audit.chain.DigestSigner;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signed digests of the integrity chain and the public key that checks them
 * (docs/design.md section 6, docs/audit.md "Signed digests"); for auditors only.
 */
@RestController
@RequestMapping("/v1/audit")
class DigestController {

	static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

	private final DigestSigner signer;

	DigestController(DigestSigner signer) {
		this.signer = signer;
	}

	@Operation(operationId = "listAuditDigests", tags = "audit", summary = "The signed digests, newest first",
			description = "Needs audit:read. Keep a digest with an export to check it offline (docs/audit.md).")
	@Parameter(in = ParameterIn.QUERY, name = "limit", description = "Digests to list, 1 to 500",
			schema = @Schema(type = "integer", minimum = "1", maximum = "500", defaultValue = "50"))
	@ProblemResponses({ ProblemCode.INVALID_REQUEST, ProblemCode.FORBIDDEN })
	@GetMapping("/digests")
	ResponseEntity<DigestList> digests(@AuthenticationPrincipal Caller caller, HttpServletRequest request) {
		AuditAccess.requireAuditor(caller);
		Map<String, String[]> parameters = request.getParameterMap();
		AuditFilter.requireOnly(parameters, Set.of("limit"));
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new DigestList(this.signer.newest(AuditFilter.limit(parameters))));
	}

	@Operation(operationId = "signAuditDigest", tags = "audit", summary = "Sign a digest now",
			description = "Seals the finished entries, then signs the chain's head, once the chain verifies from "
					+ "the newest digest to the head; a chain that does not is never signed (503 audit-unavailable). "
					+ "Needs audit:read.")
	@ApiResponse(responseCode = "201", description = "The new digest")
	@ProblemResponses({ ProblemCode.FORBIDDEN, ProblemCode.AUDIT_UNAVAILABLE })
	@PostMapping("/digests")
	ResponseEntity<AuditDigest> sign(@AuthenticationPrincipal Caller caller) {
		AuditAccess.requireAuditor(caller);
		// a chain that does not verify is refused: DigestRefused, 503 audit-unavailable
		AuditDigest digest = this.signer.signNow();
		return ResponseEntity.status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON).body(digest);
	}

	@Operation(operationId = "getAuditDigestKey", tags = "audit", summary = "The digests' public key",
			description = "The Ed25519 public key (PEM, SubjectPublicKeyInfo) of the current signing key. "
					+ "Needs audit:read. Keep it apart from the gateway's database.")
	@ApiResponse(responseCode = "200", description = "The public key",
			content = @Content(mediaType = "application/x-pem-file", schema = @Schema(type = "string")))
	@ProblemResponses({ ProblemCode.FORBIDDEN })
	@GetMapping("/digest-key")
	ResponseEntity<String> key(@AuthenticationPrincipal Caller caller) {
		AuditAccess.requireAuditor(caller);
		return ResponseEntity.ok()
			.contentType(PEM)
			.header("Key-Id", this.signer.key().keyId())
			.body(this.signer.key().publicKeyPem());
	}

	/**
	 * The answer of {@code GET /v1/audit/digests}.
	 *
	 * @param digests the digests, newest first
	 */
	record DigestList(List<AuditDigest> digests) {
	}

}
