package io.backupgateway.audit.review;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.backupgateway.access.WebSliceSetup;
import io.backupgateway.audit.chain.ChainReport;
import io.backupgateway.audit.chain.ChainVerifier;
import io.backupgateway.audit.entry.SampleEntries;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static io.backupgateway.access.CallerJwts.jwt;
import static io.backupgateway.access.CallerJwts.memberOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit review API's contract (docs/design.md 3.3, 3.4) through the real security
 * chain and controller, with the store stubbed: who may read what, and which queries are
 * refused.
 */
@WebMvcTest(AuditController.class)
@ActiveProfiles("slice")
@Import({ WebSliceSetup.class, ExportSlots.class })
class AuditControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	AuditQueries queries;

	@MockitoBean
	AuditStream stream;

	@MockitoBean
	ChainVerifier verifier;

	@Test
	void withoutATokenNothingIsRead() throws Exception {
		this.mvc.perform(get("/v1/audit"))
			.andExpect(status().isUnauthorized())
			.andExpect(jsonPath("$.code").value("unauthenticated"));
	}

	@Test
	void aMemberReadsItsTeamsNewestFirstWithACursor() throws Exception {
		given(this.queries.page(any(), eq(java.util.Set.of("payments")), any(), eq(2)))
			.willReturn(List.of(SampleEntries.withDescription("a"), SampleEntries.withDescription("b")));
		this.mvc.perform(get("/v1/audit").param("limit", "1").with(memberOf("payments")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.entries.length()").value(1))
			.andExpect(jsonPath("$.entries[0].description").value("a"))
			.andExpect(jsonPath("$.next_cursor").isNotEmpty());
	}

	@Test
	void unknownRepeatedOrOutOfRangeParametersAre400() throws Exception {
		this.mvc.perform(get("/v1/audit").param("colour", "red").with(memberOf("payments")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("colour"));
		this.mvc.perform(get("/v1/audit").param("limit", "501").with(memberOf("payments")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("limit"));
		this.mvc.perform(get("/v1/audit").param("team", "payments").param("team", "search").with(memberOf("payments")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-request"));
	}

	@Test
	void aMemberMayNotNameAnotherTeam() throws Exception {
		this.mvc.perform(get("/v1/audit").param("team", "search").with(memberOf("payments")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("forbidden"));
	}

	@Test
	void anotherTeamsEntryIsNotFoundForAMember() throws Exception {
		UUID id = UUID.fromString("0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a");
		given(this.queries.byId(id)).willReturn(Optional.of(SampleEntries.withDescription("x")));
		this.mvc.perform(get("/v1/audit/{id}", id).with(memberOf("search")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.code").value("not-found"));
		this.mvc.perform(get("/v1/audit/{id}", id).with(memberOf("payments")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.audit_id").value(id.toString()));
	}

	@Test
	void verifyingNeedsAuditRead() throws Exception {
		given(this.verifier.verify()).willReturn(new ChainReport("intact", 3, null, null, 0, 2, null));
		this.mvc.perform(get("/v1/audit/verify").with(memberOf("payments")))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("forbidden"));
		this.mvc.perform(get("/v1/audit/verify").with(jwt((claims) -> claims.claim("scope", "audit:read"))))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("intact"))
			.andExpect(jsonPath("$.entries_checked").value(3));
	}

	@Test
	void anExportNeedsAKnownFormat() throws Exception {
		this.mvc.perform(get("/v1/audit/export").param("format", "xml").with(memberOf("payments")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.errors[0].field").value("format"));
	}

	@Test
	void aCallerWithNeitherPermissionReadsNothing() throws Exception {
		this.mvc
			.perform(get("/v1/audit")
				.with(jwt((claims) -> claims.claim("scope", "").claim("teams", List.of("payments")))))
			.andExpect(status().isForbidden())
			.andExpect(jsonPath("$.code").value("forbidden"));
	}

	@Test
	void aThirdExportOrVerificationAtOnceIsToldToComeBack() throws Exception {
		java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(2);
		java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
		given(this.verifier.verify()).willAnswer((invocation) -> {
			running.countDown();
			finish.await(30, java.util.concurrent.TimeUnit.SECONDS);
			return new ChainReport("intact", 1, null, null, 0, 0, null);
		});
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			List<java.util.concurrent.Future<Integer>> slow = List.of(threads.submit(() -> verifyStatus("auditor-1")),
					threads.submit(() -> verifyStatus("auditor-2")));
			assertThat(running.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

			this.mvc.perform(get("/v1/audit/export").param("format", "csv").with(memberOf("payments")))
				.andExpect(status().isTooManyRequests())
				.andExpect(header().string("Retry-After", "5"))
				.andExpect(jsonPath("$.code").value("rate-limited"));

			finish.countDown();
			for (java.util.concurrent.Future<Integer> status : slow) {
				assertThat(status.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
			}
			assertThat(verifyStatus("auditor-1")).as("the slots are given back").isEqualTo(200);
		}
		finally {
			finish.countDown();
			threads.shutdownNow();
		}
	}

	@Test
	void oneCallerRunsOneExportOrVerificationAtATime() throws Exception {
		java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch finish = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
		given(this.verifier.verify()).willAnswer((invocation) -> {
			if (calls.getAndIncrement() == 0) {
				running.countDown();
				finish.await(30, java.util.concurrent.TimeUnit.SECONDS);
			}
			return new ChainReport("intact", 1, null, null, 0, 0, null);
		});
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(1);
		try {
			java.util.concurrent.Future<Integer> slow = threads.submit(() -> verifyStatus("auditor-1"));
			assertThat(running.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

			this.mvc
				.perform(get("/v1/audit/export").param("format", "csv")
					.with(jwt((claims) -> claims.subject("auditor-1").claim("scope", "audit:read"))))
				.andExpect(status().isTooManyRequests())
				.andExpect(header().string("Retry-After", "5"))
				.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("one runs at a time")));
			assertThat(verifyStatus("auditor-2")).as("another caller is not held back").isEqualTo(200);

			finish.countDown();
			assertThat(slow.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
			assertThat(verifyStatus("auditor-1")).as("the caller's slot is given back").isEqualTo(200);
		}
		finally {
			finish.countDown();
			threads.shutdownNow();
		}
	}

	private int verifyStatus(String subject) throws Exception {
		return this.mvc
			.perform(
					get("/v1/audit/verify").with(jwt((claims) -> claims.subject(subject).claim("scope", "audit:read"))))
			.andReturn()
			.getResponse()
			.getStatus();
	}

}
