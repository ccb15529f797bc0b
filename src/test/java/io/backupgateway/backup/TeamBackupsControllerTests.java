package io.backupgateway.backup;

import java.util.List;

import io.backupgateway.access.WebSliceSetup;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static io.backupgateway.access.CallerJwts.memberOf;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The team's backups (docs/design.md 3.5) through the real security chain and controller,
 * with the listing and the delete flow stubbed: the query's rules, the page passed on,
 * and a delete's answer sent byte for byte, a replay marked as one.
 */
@WebMvcTest(TeamBackupsController.class)
@ActiveProfiles("slice")
@Import(WebSliceSetup.class)
class TeamBackupsControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	BackupListing listing;

	@MockitoBean
	BackupDeletion deletion;

	@Test
	void aQueryOutsideItsRulesIs400NamingEachParameter() throws Exception {
		this.mvc
			.perform(get("/v1/teams/payments/backups").param("limit", "0")
				.param("offset", "-1")
				.param("colour", "red")
				.with(memberOf("payments")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.code").value("invalid-request"))
			.andExpect(jsonPath("$.errors.length()").value(3));
		verify(this.listing, never()).list(any(), anyString(), any(), anyInt(), anyInt());
	}

	@Test
	void aPageIsAskedForAsTheQuerySays() throws Exception {
		given(this.listing.list(any(), eq("payments"), isNull(), eq(10), eq(20)))
			.willReturn(new BackupListing.TeamBackups("payments", List.of(), null));
		this.mvc.perform(
				get("/v1/teams/payments/backups").param("limit", "10").param("offset", "20").with(memberOf("payments")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.team").value("payments"))
			.andExpect(jsonPath("$.backups.length()").value(0));
	}

	@Test
	void aDeletesAnswerIsSentAsItsFlowMadeIt() throws Exception {
		String body = "{\"job_id\":\"job-1\",\"audit_id\":\"a-1\"}";
		given(this.deletion.delete(any(), eq("payments"), eq("b1br06"), eq("key-1"), any()))
			.willReturn(new Answered(202, "application/json", body, true));
		this.mvc
			.perform(delete("/v1/teams/payments/backups/b1br06").header("Idempotency-Key", "key-1")
				.with(memberOf("payments")))
			.andExpect(status().isAccepted())
			.andExpect(header().string("Idempotent-Replayed", "true"))
			.andExpect(content().string(body));
		given(this.deletion.delete(any(), eq("payments"), eq("b2br06"), isNull(), any()))
			.willReturn(new Answered(202, "application/json", body, false));
		this.mvc.perform(delete("/v1/teams/payments/backups/b2br06").with(memberOf("payments")))
			.andExpect(status().isAccepted())
			.andExpect(header().doesNotExist("Idempotent-Replayed"));
	}

}
