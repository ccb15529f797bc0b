package io.backupgateway.jobs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.backupgateway.BackupGatewayApplication;
import io.backupgateway.audit.AuditFollowUp;
import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.Concurrently;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.GatewayTestEnvironment;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Following jobs at scale (docs/design.md section 6): the follower reads a project's job
 * list fifty jobs a call instead of asking once per job, looks up one by one only what
 * the list does not show, and two replicas record each end once (the pacing of the calls
 * is CallPacerTests'). The project {@code eu-de-jobs} is this test's own, so its calls
 * are counted exactly.
 */
@GatewayIntegrationTest
class JobListIT {

	static final String PROJECT = "5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c5c";

	static final String INSTANCE = "5e5e5e5e5e5e5e5e5e5e5e5e5e5e5e5ein06";

	static final String JOBS = "/v3/" + PROJECT + "/jobs";

	final GatewayHttp http;

	final WireMockServer cloud;

	@Autowired
	JobFollower follower;

	@Autowired
	AuditFollowUp audit;

	@Autowired
	GeminiDb geminiDb;

	@Autowired
	BackgroundPasses passes;

	@Autowired
	JdbcClient jdbc;

	JobListIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	@BeforeEach
	void everyBackupItsOwnJob() {
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.uniqueBackups()));
		// what no test here names: an empty list, and a job lookup that finds nothing
		this.cloud.stubFor(get(urlPathEqualTo(JOBS)).atPriority(9).willReturn(okJson(page(List.of(), 0))));
	}

	@Test
	void aHundredAndTwentyEndsAreReadInThreePagesWithoutOneCallPerJob() {
		List<String> jobs = create(120);
		stubList("Completed", jobs);

		int recorded = followUntilQuiet(this.follower);

		assertThat(recorded).isGreaterThanOrEqualTo(120);
		assertThat(ended(jobs)).hasSize(120).allSatisfy((job, count) -> assertThat(count).isEqualTo(1));
		// pages of fifty: three, or six when the creates straddled two slices of start
		// time
		assertThat(calls("Completed")).extracting((call) -> call.queryParameter("offset").firstValue())
			.contains("0", "50", "100")
			.hasSizeLessThanOrEqualTo(6);
		assertThat(this.cloud.findAll(getRequestedFor(urlPathEqualTo(JOBS)).withQueryParam("id", equalTo(jobs.get(0)))))
			.as("no single lookup for a job the list shows")
			.isEmpty();
		assertThat(calls("Completed")).allSatisfy((call) -> {
			assertThat(call.queryParameter("name").firstValue()).isEqualTo("BackupInstance");
			assertThat(call.queryParameter("limit").firstValue()).isEqualTo("50");
			assertThat(call.queryParameter("start_time").firstValue())
				.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000");
			assertThat(call.queryParameter("end_time").firstValue())
				.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000");
		});
	}

	@Test
	void aJobTheListDoesNotShowIsLookedUpOnItsOwn() {
		List<String> jobs = create(3);
		stubList("Completed", jobs.subList(0, 2));
		this.cloud.stubFor(get(urlPathEqualTo(JOBS)).withQueryParam("id", equalTo(jobs.get(2)))
			.atPriority(1)
			.willReturn(okJson(page(List.of(jobs.get(2)), 1).replace("\"Completed\"", "\"Failed\""))));

		followUntilQuiet(this.follower);

		assertThat(ended(jobs)).hasSize(3);
		assertThat(this.jdbc.sql("select outcome from audit_entry where action = 'backup.job' and job_id = ?")
			.param(jobs.get(2))
			.query(String.class)
			.single()).isEqualTo("failed");
		assertThat(this.cloud.findAll(getRequestedFor(urlPathEqualTo(JOBS)).withQueryParam("id", absent())))
			.isNotEmpty();
		assertThat(this.cloud.findAll(getRequestedFor(urlPathEqualTo(JOBS)).withQueryParam("id", equalTo(jobs.get(0)))))
			.isEmpty();
	}

	@Test
	void twoReplicasFollowingAtOnceRecordEachEndOnce() {
		List<String> jobs = create(40);
		stubList("Completed", jobs);
		Map<String, Object> properties = new HashMap<>(GatewayTestEnvironment.properties());
		properties.put("server.port", 0);
		properties.put("management.server.port", 0);
		try (ConfigurableApplicationContext second = new SpringApplicationBuilder(BackupGatewayApplication.class)
			.profiles("test")
			.properties(properties)
			.run()) {
			JobFollower other = second.getBean(JobFollower.class);
			Concurrently.run(6, (i) -> followUntilQuiet((i % 2 == 0) ? this.follower : other));
		}

		assertThat(ended(jobs)).hasSize(40).allSatisfy((job, count) -> assertThat(count).isEqualTo(1));
	}

	private List<String> create(int count) {
		String token = TestJwts.member("followers");
		List<String> jobs = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			var answer = this.http.post(backupsOf("followers", INSTANCE), token, body("followers-" + i, "d"));
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
			jobs.add(json(answer).get("job_id").stringValue());
		}
		return jobs;
	}

	/** The list by status, newest first, fifty a page, with the total. */
	private void stubList(String status, List<String> jobs) {
		List<String> newestFirst = new ArrayList<>(jobs);
		java.util.Collections.reverse(newestFirst);
		for (int offset = 0; offset < Math.max(1, newestFirst.size()); offset += 50) {
			List<String> page = newestFirst.subList(offset, Math.min(newestFirst.size(), offset + 50));
			this.cloud.stubFor(get(urlPathEqualTo(JOBS)).withQueryParam("status", equalTo(status))
				.withQueryParam("offset", equalTo(String.valueOf(offset)))
				.atPriority(5)
				.willReturn(okJson(page(page, newestFirst.size()).replace("\"Completed\"", "\"" + status + "\""))));
		}
	}

	private static String page(List<String> jobs, int total) {
		return "{\"total_count\": " + total + ", \"jobs\": [" + jobs.stream().map((id) -> """
				{"id": "%s", "name": "BackupInstance", "status": "Completed", "start_time": "2026-12-05T06:44:01+0000",
				 "end_time": "2026-12-05T06:45:01+0000", "progress": "", "instance": {"id": "%s", "name": "db"},
				 "fail_reason": null}""".formatted(id, INSTANCE)).collect(Collectors.joining(",")) + "]}";
	}

	private List<LoggedRequest> calls(String status) {
		return this.cloud.findAll(getRequestedFor(urlPathEqualTo(JOBS)).withQueryParam("status", equalTo(status)));
	}

	/** How many {@code backup.job} entries each of the jobs has. */
	private Map<String, Integer> ended(List<String> jobs) {
		Map<String, Integer> ended = new HashMap<>();
		this.jdbc.sql("select job_id, count(*) as n from audit_entry where action = 'backup.job' group by job_id")
			.query((rs) -> {
				if (jobs.contains(rs.getString("job_id"))) {
					ended.put(rs.getString("job_id"), rs.getInt("n"));
				}
			});
		return ended;
	}

	private static int followUntilQuiet(JobFollower follower) {
		int total = 0;
		for (int i = 0; i < 10; i++) {
			int recorded = follower.followOnce();
			total += recorded;
			if (recorded == 0) {
				break;
			}
		}
		return total;
	}

}
