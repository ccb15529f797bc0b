package io.backupgateway.limits;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caller rate (docs/design.md 3.4) on the running gateway: valid or not, a caller's
 * 121st create request in a minute is refused before any other check, leaves no audit
 * entry and reaches nothing upstream. Its own context, with the shipped limit (the rest
 * of the suite sends far more).
 */
@GatewayIntegrationTest
@TestPropertySource(properties = "gateway.limits.requests-per-caller-per-minute=120")
class CallerRateIT {

	final GatewayHttp http;

	final WireMockServer cloud;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MeterRegistry meters;

	CallerRateIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	@Test
	void theHundredAndTwentyFirstRequestIsRefusedAndNotStored() {
		String subject = "flood-" + UUID.randomUUID();
		String token = TestJwts.token((
				claims) -> claims.subject(subject).claim("teams", List.of("payments")).claim("scope", "backup:create"));
		double before = limited();
		for (int i = 0; i < 120; i++) {
			// invalid requests count as much as valid ones
			assertThat(this.http
				.post(backupsOf("payments", "bad-id!"), token, body("payments-flood", "d"), "X-Request-Id",
						subject + "-" + i)
				.statusCode()).isEqualTo(400);
		}

		HttpResponse<String> refused = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE), token,
				body("payments-flood", "d"), "X-Request-Id", subject + "-over");

		assertThat(refused.statusCode()).isEqualTo(429);
		assertThat(json(refused).get("code").stringValue()).isEqualTo("rate-limited");
		assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 60L);
		assertThat(this.jdbc.sql("select count(*) from audit_entry where actor = ?")
			.param(subject)
			.query(Long.class)
			.single()).isEqualTo(120);
		assertThat(this.jdbc.sql("select count(*) from audit_entry where request_id = ?")
			.param(subject + "-over")
			.query(Long.class)
			.single()).isZero();
		assertThat(limited()).isEqualTo(before + 1);
		this.cloud.verify(0, postRequestedFor(urlPathMatching("/v3/.*/backups")));

		HttpResponse<String> other = this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE),
				TestJwts.member("payments"), body("payments-other-caller", "d"));
		assertThat(other.statusCode()).as("other callers are not held back").isEqualTo(202);
	}

	private double limited() {
		var counter = this.meters.find(CallerRateFilter.METER).tag("team", "payments").counter();
		return (counter != null) ? counter.count() : 0;
	}

}
