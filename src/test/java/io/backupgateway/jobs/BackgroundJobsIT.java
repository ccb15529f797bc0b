package io.backupgateway.jobs;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.audit.SeededEntry;
import io.backupgateway.audit.RecentCreates;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.backupgateway.testsupport.GatewayHttp.backupsOf;
import static io.backupgateway.testsupport.GatewayHttp.body;
import static io.backupgateway.testsupport.GatewayHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Job following and crash recovery against WireMock's job and backup lists, driven from
 * the audit store on PostgreSQL.
 */
@GatewayIntegrationTest
class BackgroundJobsIT {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	BeanFactory beans;

	@Autowired
	JobFollower follower;

	@Autowired
	PendingResolver resolver;

	@Autowired
	MeterRegistry meters;

	@Autowired
	RecentCreates recent;

	final WireMockServer cloud = CloudStub.server();

	final GatewayHttp http;

	BackgroundJobsIT(GatewayHttp http) {
		this.http = http;
	}

	@BeforeEach
	void stubJobs() {
		// every job this test does not name explicitly has completed
		this.cloud.stubFor(get(urlPathMatching("/v3/[0-9a-f]{32}/jobs")).atPriority(10)
			.willReturn(job("{{request.query.id}}", "Completed")));
	}

	@Test
	void followsAJobToItsEndAndRecordsIt() {
		String jobId = UUID.randomUUID().toString();
		this.cloud.stubFor(CloudStub.createBackups()
			.willReturn(okJson("{\"job_id\":\"" + jobId + "\",\"backup_id\":\"b-" + jobId + "\"}").withStatus(202)));
		this.cloud.stubFor(jobQuery(jobId).willReturn(job(jobId, "Running")));
		String auditId = json(this.http.post(backupsOf("payments", CloudStub.PAYMENTS_INSTANCE),
				TestJwts.member("payments"), body("payments-followed", "d")))
			.get("audit_id")
			.stringValue();

		followUntilQuiet();
		assertThat(jobEnds(jobId)).isZero();
		assertThat(jobStatus(auditId)).isEqualTo("Running");

		this.cloud.stubFor(jobQuery(jobId).willReturn(job(jobId, "Completed")));
		double completedBefore = completedJobs();
		followUntilQuiet();
		assertThat(completedJobs()).as("gateway.backup.jobs, by the job's end").isGreaterThan(completedBefore);
		Map<String, Object> end = this.jdbc.sql("select * from audit_entry where action = 'backup.job' and job_id = ?")
			.param(jobId)
			.query()
			.singleRow();
		assertThat(end).containsEntry("outcome", "completed")
			.containsEntry("http_status", null)
			.containsEntry("team", "payments")
			.containsEntry("instance_id", CloudStub.PAYMENTS_INSTANCE)
			.containsEntry("actor", "alice")
			.containsEntry("job_status", "Completed");
		assertThat(jobStatus(auditId)).isEqualTo("Completed");
	}

	@Test
	void aFailedJobIsRecordedAsFailed() {
		String jobId = UUID.randomUUID().toString();
		String auditId = seedAccepted(jobId, OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1));
		this.cloud.stubFor(jobQuery(jobId).willReturn(job(jobId, "Failed")));
		followUntilQuiet();
		assertThat(jobStatus(auditId)).isEqualTo("Failed");
	}

	@Test
	void givesUpOnAJobThatNeverEnds() {
		String jobId = UUID.randomUUID().toString();
		String auditId = seedAccepted(jobId, OffsetDateTime.now(ZoneOffset.UTC).minusHours(2));
		this.cloud.stubFor(jobQuery(jobId).willReturn(job(jobId, "Running")));
		followUntilQuiet();
		assertThat(jobStatus(auditId)).isEqualTo("Unknown");
		assertThat(jobEnds(jobId)).isEqualTo(1);
	}

	@Test
	void aPendingEntryWhoseBackupExistsBecomesAccepted() {
		String name = "payments-lost-" + shortId();
		Instant attempted = Instant.now().minus(10, ChronoUnit.MINUTES);
		String auditId = seedPending(name, attempted);
		this.cloud.stubFor(backupList("""
				{"total_count": 3, "backups": [
				  {"id": "early-br06", "name": "%1$s", "status": "COMPLETED", "begin_time": "%2$s"},
				  {"id": "found-br06", "name": "%1$s", "status": "COMPLETED", "begin_time": "%3$s"},
				  {"id": "other-br06", "name": "payments-other", "status": "BUILDING", "begin_time": "%3$s"}]}
				""".formatted(name, offsetWithoutColon(attempted.minus(1, ChronoUnit.HOURS)),
				offsetWithoutColon(attempted.plusSeconds(2)))));

		this.resolver.resolveOnce();
		Map<String, Object> entry = entry(auditId);
		assertThat(entry).containsEntry("outcome", "accepted")
			.containsEntry("backup_id", "found-br06")
			.containsEntry("job_status", "Completed")
			.containsEntry("http_status", null);
		this.cloud.verify(com.github.tomakehurst.wiremock.client.WireMock
			.getRequestedFor(urlPathEqualTo("/v4/" + CloudStub.PROJECT_ID + "/backups"))
			.withQueryParam("instance_id", equalTo(CloudStub.PAYMENTS_INSTANCE))
			.withHeader("X-Auth-Token", equalTo(CloudStub.IAM_TOKEN)));
	}

	@Test
	void aPendingEntryWithoutABackupStaysPendingUntilGivenUp() {
		this.cloud.stubFor(backupList("{\"total_count\": 0, \"backups\": []}"));
		String recent = seedPending("payments-recent-" + shortId(), Instant.now().minus(10, ChronoUnit.MINUTES));
		String old = seedPending("payments-old-" + shortId(), Instant.now().minus(2, ChronoUnit.HOURS));
		this.resolver.resolveOnce();
		assertThat(entry(recent)).containsEntry("outcome", "pending");
		assertThat(entry(old)).containsEntry("outcome", "unknown").containsEntry("http_status", null);
	}

	@Test
	void anAmbiguousAnswerIsSettledFromTheBackupList() {
		String name = "payments-ambiguous-" + shortId();
		Instant attempted = Instant.now().minus(10, ChronoUnit.MINUTES);
		String found = seedAnswered(name, attempted, 504, "upstream-timeout");
		String lost = seedAnswered("payments-never-" + shortId(), Instant.now().minus(2, ChronoUnit.HOURS), 502,
				"upstream-error");
		this.cloud.stubFor(backupList("""
				{"total_count": 1, "backups": [
				  {"id": "late-br06", "name": "%s", "status": "BUILDING", "begin_time": "%s"}]}
				""".formatted(name, offsetWithoutColon(attempted.plusSeconds(40)))));

		this.resolver.resolveOnce();

		assertThat(entry(found)).containsEntry("outcome", "accepted")
			.containsEntry("backup_id", "late-br06")
			.containsEntry("job_status", "Running")
			.containsEntry("http_status", 504)
			.containsEntry("code", "upstream-timeout");
		assertThat(entry(lost)).containsEntry("outcome", "failed")
			.containsEntry("http_status", 502)
			.containsEntry("code", "upstream-error");
	}

	/**
	 * An entry settled from the list while its backup was still building has no job to
	 * follow: its backup is followed instead. Until the backup ends the instance has a
	 * backup in progress; then its end is recorded like a job's, from the backup's
	 * status.
	 */
	@Test
	void anEntrySettledWhileItsBackupBuildsFollowsTheBackup() {
		String name = "payments-building-" + shortId();
		String instance = "settled" + shortId() + "in06";
		String backupId = "b" + shortId() + "br06";
		Instant attempted = Instant.now().minus(10, ChronoUnit.MINUTES);
		UUID id = UUID.randomUUID();
		SeededEntry.of("backup.create", "pending")
			.id(id)
			.at(attempted)
			.team("payments")
			.instance(instance)
			.project(CloudStub.PROJECT_ID)
			.backupName(name)
			.answered(504, "upstream-timeout")
			.insert(this.beans);
		String listed = """
				{"total_count": 1, "backups": [
				  {"id": "%s", "name": "%s", "status": "%s", "begin_time": "%s"}]}
				""";
		this.cloud.stubFor(
				backupList(listed.formatted(backupId, name, "BUILDING", offsetWithoutColon(attempted.plusSeconds(3)))));

		this.resolver.resolveOnce();

		assertThat(entry(id.toString())).containsEntry("outcome", "accepted")
			.containsEntry("backup_id", backupId)
			.containsEntry("job_id", null)
			.containsEntry("job_status", "Running");
		assertThat(this.recent.inProgress(instance)).as("a backup in progress while it builds").isTrue();

		this.cloud.stubFor(backupList(
				listed.formatted(backupId, name, "COMPLETED", offsetWithoutColon(attempted.plusSeconds(3)))));
		this.resolver.resolveOnce();

		assertThat(this.jdbc
			.sql("select outcome from audit_entry where action = 'backup.job' and backup_id = ? and job_id is null")
			.param(backupId)
			.query(String.class)
			.list()).containsExactly("completed");
		assertThat(this.recent.inProgress(instance)).as("the instance is free once the backup ended").isFalse();
		assertThat(jobStatus(id.toString())).isEqualTo("Completed");
		this.resolver.resolveOnce();
		assertThat(this.jdbc.sql("select count(*) from audit_entry where action = 'backup.job' and backup_id = ?")
			.param(backupId)
			.query(Long.class)
			.single()).as("its end recorded once").isEqualTo(1);
	}

	@Test
	void onlyAnswersThatLeaveItOpenArePending() {
		this.cloud.stubFor(CloudStub.createBackups().willReturn(CloudStub.cloudError(503, "APIGW.0101", "down")));
		assertThat(outcomeOf("payments", CloudStub.PAYMENTS_INSTANCE, "payments-5xx")).isEqualTo("pending");
		this.cloud.stubFor(CloudStub.createBackups()
			.willReturn(CloudStub.cloudError(429, "DBS.280443", "slow down").withHeader("Retry-After", "5")));
		assertThat(outcomeOf("payments", CloudStub.PAYMENTS_INSTANCE, "payments-429")).isEqualTo("failed");
		assertThat(outcomeOf("offline", "e8b2ce69c8c48b873eaabb47a4ac8553in06", "offline-refused")).isEqualTo("failed");
	}

	@Test
	void aFreshPendingEntryIsLeftToTheReplicaWorkingOnIt() {
		this.cloud.stubFor(backupList("{\"total_count\": 0, \"backups\": []}"));
		String fresh = seedPending("payments-fresh-" + shortId(), Instant.now().minusSeconds(5));
		this.resolver.resolveOnce();
		assertThat(entry(fresh)).containsEntry("outcome", "pending");
	}

	@Test
	void aDeleteJobIsFollowedLikeACreates() {
		String jobId = UUID.randomUUID().toString();
		UUID id = UUID.randomUUID();
		SeededEntry.of("backup.delete", "accepted")
			.id(id)
			.at(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1))
			.actor("dora")
			.team("payments")
			.instance(CloudStub.PAYMENTS_INSTANCE)
			.project(CloudStub.PROJECT_ID)
			.backupName("payments-gone")
			.answered(202, null)
			.job(jobId, "Running")
			.backup("deleted-br06")
			.insert(this.beans);
		this.cloud.stubFor(jobQuery(jobId).willReturn(job(jobId, "Completed")));

		followUntilQuiet();

		assertThat(jobEnds(jobId)).isEqualTo(1);
		assertThat(jobStatus(id.toString())).isEqualTo("Completed");
	}

	@Test
	void aPendingDeleteIsSettledFromTheBackupList() {
		String gone = seedPendingDelete("gone" + shortId() + "br06", Instant.now().minus(10, ChronoUnit.MINUTES));
		String kept = seedPendingDelete("kept" + shortId() + "br06", Instant.now().minus(10, ChronoUnit.MINUTES));
		String keptLongId = "long" + shortId() + "br06";
		String keptLong = seedPendingDelete(keptLongId, Instant.now().minus(2, ChronoUnit.HOURS));
		this.cloud.stubFor(backupList("""
				{"total_count": 2, "backups": [
				  {"id": "%s", "name": "payments-kept", "type": "Manual", "status": "COMPLETED"},
				  {"id": "%s", "name": "payments-long", "type": "Manual", "status": "COMPLETED"}]}
				""".formatted(entry(kept).get("backup_id"), entry(keptLong).get("backup_id"))));

		double deletesBefore = settledDeletes();

		this.resolver.resolveOnce();

		assertThat(settledDeletes() - deletesBefore).as("counted as the deletes they are").isGreaterThanOrEqualTo(2);
		assertThat(entry(gone)).as("no longer listed: deleted")
			.containsEntry("outcome", "accepted")
			.containsEntry("job_status", "Completed");
		assertThat(entry(kept)).containsEntry("outcome", "pending");
		assertThat(entry(keptLong)).as("still listed at give-up")
			.containsEntry("outcome", "failed")
			.containsEntry("backup_id", keptLongId);
	}

	private double settledDeletes() {
		return this.meters.find("gateway.backups")
			.tag("action", "backup.delete")
			.counters()
			.stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count)
			.sum();
	}

	private String seedPendingDelete(String backupId, Instant at) {
		UUID id = UUID.randomUUID();
		SeededEntry.of("backup.delete", "pending")
			.id(id)
			.at(at)
			.actor("dora")
			.team("payments")
			.instance(CloudStub.PAYMENTS_INSTANCE)
			.project(CloudStub.PROJECT_ID)
			.backupName("payments-x")
			.backup(backupId)
			.answered(502, "upstream-error")
			.insert(this.beans);
		return id.toString();
	}

	private double completedJobs() {
		var counter = this.meters.find("gateway.backup.jobs").tag("outcome", "completed").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private void followUntilQuiet() {
		for (int i = 0; i < 20 && this.follower.followOnce() > 0; i++) {
			// each pass handles a batch of open jobs
		}
	}

	private long jobEnds(String jobId) {
		return this.jdbc.sql("select count(*) from audit_entry where action = 'backup.job' and job_id = ?")
			.param(jobId)
			.query(Long.class)
			.single();
	}

	private String jobStatus(String auditId) {
		return json(this.http.send(this.http.request("/v1/audit/" + auditId)
			.header("Authorization", "Bearer " + TestJwts.member("payments"))
			.GET()
			.build())).get("job_status").stringValue();
	}

	private Map<String, Object> entry(String auditId) {
		return this.jdbc.sql("select * from audit_entry where audit_id = ?")
			.param(UUID.fromString(auditId))
			.query()
			.singleRow();
	}

	private String seedAccepted(String jobId, OffsetDateTime at) {
		UUID id = UUID.randomUUID();
		SeededEntry.of("backup.create", "accepted")
			.id(id)
			.at(at)
			.team("payments")
			.instance(CloudStub.PAYMENTS_INSTANCE)
			.project(CloudStub.PROJECT_ID)
			.backupName("payments-seeded")
			.answered(202, null)
			.job(jobId, "Running")
			.backup("b-" + jobId)
			.insert(this.beans);
		return id.toString();
	}

	private String outcomeOf(String team, String instance, String name) {
		String requestId = "outcome-" + UUID.randomUUID();
		this.http.post(backupsOf(team, instance), TestJwts.member(team), body(name, "d"), "X-Request-Id", requestId);
		return this.jdbc.sql("select outcome from audit_entry where request_id = ?")
			.param(requestId)
			.query(String.class)
			.single();
	}

	private String seedAnswered(String name, Instant at, int httpStatus, String code) {
		UUID id = UUID.randomUUID();
		SeededEntry.of("backup.create", "pending")
			.id(id)
			.at(at)
			.team("payments")
			.instance(CloudStub.PAYMENTS_INSTANCE)
			.project(CloudStub.PROJECT_ID)
			.backupName(name)
			.answered(httpStatus, code)
			.insert(this.beans);
		return id.toString();
	}

	private String seedPending(String name, Instant at) {
		UUID id = UUID.randomUUID();
		SeededEntry.of("backup.create", "pending")
			.id(id)
			.at(at)
			.team("payments")
			.instance(CloudStub.PAYMENTS_INSTANCE)
			.project(CloudStub.PROJECT_ID)
			.backupName(name)
			.insert(this.beans);
		return id.toString();
	}

	private static com.github.tomakehurst.wiremock.client.MappingBuilder jobQuery(String jobId) {
		return get(urlPathMatching("/v3/[0-9a-f]{32}/jobs")).withQueryParam("id", equalTo(jobId)).atPriority(1);
	}

	private static com.github.tomakehurst.wiremock.client.MappingBuilder backupList(String body) {
		return get(urlPathMatching("/v4/[0-9a-f]{32}/backups")).willReturn(okJson(body));
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder job(String id, String status) {
		return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("""
				{"total_count": 1, "jobs": [{"id": "%s", "name": "BackupInstance", "status": "%s",
				  "start_time": "2026-11-27T06:44:01+0000", "end_time": "", "progress": "",
				  "instance": {"id": "%s", "name": "payments-db"}, "fail_reason": null}]}
				""".formatted(id, status, CloudStub.PAYMENTS_INSTANCE));
	}

	private static String offsetWithoutColon(Instant instant) {
		return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
			.withZone(ZoneOffset.UTC)
			.format(instant);
	}

	private static String shortId() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

}
