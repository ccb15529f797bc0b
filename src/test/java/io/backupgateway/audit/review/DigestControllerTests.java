package io.backupgateway.audit.review;

import java.util.List;

import io.backupgateway.access.WebSliceSetup;
import io.backupgateway.audit.chain.AuditDigest;
import io.backupgateway.audit.chain.DigestKey;
import io.backupgateway.audit.chain.DigestSigner;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.testsupport.TestFailure;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static io.backupgateway.access.CallerJwts.jwt;
import static io.backupgateway.access.CallerJwts.memberOf;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The digests' endpoints (docs/design.md section 6) through the real security chain and
 * controller, with the signer stubbed: for auditors only, a bounded list, a refused
 * signature answered 503, and the public key with its id.
 */
@WebMvcTest(DigestController.class)
@ActiveProfiles("slice")
@Import(WebSliceSetup.class)
class DigestControllerTests {

	static final AuditDigest DIGEST = new AuditDigest("3f1c7e0a-9b3d-4c8e-a6f1-0d2e4b6c8a90", 7, "ab".repeat(32), null,
			"2026-12-05T01:00:00.000000Z", "0123456789abcdef", "c2lnbmF0dXJl");

	@Autowired
	MockMvc mvc;

	@MockitoBean
	DigestSigner signer;

	@Test
	void onlyAuditorsSeeDigestsOrTheKey() throws Exception {
		this.mvc.perform(get("/v1/audit/digests")).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/v1/audit/digests").with(memberOf("payments")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("forbidden"));
		this.mvc.perform(post("/v1/audit/digests").with(memberOf("payments"))).andExpect(status().isForbidden());
		this.mvc.perform(get("/v1/audit/digest-key").with(memberOf("payments"))).andExpect(status().isForbidden());
		verify(this.signer, never()).signNow();
	}

	@Test
	void anAuditorListsTheNewestDigestsWithinTheLimit() throws Exception {
		given(this.signer.newest(2)).willReturn(List.of(DIGEST));
		this.mvc.perform(get("/v1/audit/digests").param("limit", "2").with(auditor()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.digests[0].digest_id").value(DIGEST.digestId()))
			.andExpect(jsonPath("$.digests[0].chain_seq").value(7));
		this.mvc.perform(get("/v1/audit/digests").param("limit", "501").with(auditor()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("limit"));
		this.mvc.perform(get("/v1/audit/digests").param("colour", "red").with(auditor()))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("colour"));
	}

	@Test
	void aSignatureTheChainDoesNotAllowIsAnswered503() throws Exception {
		given(this.signer.signNow())
			.willThrow(new TestFailure(ProblemCode.AUDIT_UNAVAILABLE, "No digest was signed: the chain breaks."));
		this.mvc.perform(post("/v1/audit/digests").with(auditor()))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.code").value("audit-unavailable"))
			.andExpect(jsonPath("$.detail").value("No digest was signed: the chain breaks."));
		willReturn(DIGEST).given(this.signer).signNow();
		this.mvc.perform(post("/v1/audit/digests").with(auditor()))
			.andExpect(status().isCreated())
			.andExpect(jsonPath("$.signature").value(DIGEST.signature()));
	}

	@Test
	void theKeyIsServedAsPemWithItsId() throws Exception {
		DigestKey key = DigestKey.throwAway();
		given(this.signer.key()).willReturn(key);
		this.mvc.perform(get("/v1/audit/digest-key").with(auditor()))
			.andExpect(status().isOk())
			.andExpect(header().string("Key-Id", key.keyId()))
			.andExpect(content().contentType("application/x-pem-file"))
			.andExpect(content().string(key.publicKeyPem()));
	}

	private static org.springframework.test.web.servlet.request.RequestPostProcessor auditor() {
		return jwt((claims) -> claims.subject("carol").claim("scope", "audit:read"));
	}

}
