package io.backupgateway.limits;

import java.util.Set;

import io.backupgateway.access.BackupTarget;
import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.config.InstanceId;
import io.backupgateway.config.TeamName;
import io.backupgateway.ownership.Grant;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.web.RequestMeta;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The limits module with the audit trail it admits into (an H2 store of its own): an
 * admitted attempt is recorded, a second backup of a running instance and a create over
 * the team's quota are refused with nothing recorded, and a caller over its rate is
 * refused and counted, not recorded.
 */
@ApplicationModuleTest(extraIncludes = "audit")
@ActiveProfiles("module")
@TestPropertySource(properties = { "gateway.limits.max-backups-per-team-per-hour=2",
		"gateway.limits.one-running-backup-per-instance=true", "gateway.limits.requests-per-caller-per-minute=3" })
class LimitsModuleTests {

	/** Names this run's entries. */
	static final String RUN = java.util.UUID.randomUUID().toString();

	static final Caller ALICE = new Caller("alice", "alice", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));

	final Admission admission;

	final CallerRates rates;

	final JdbcClient jdbc;

	final MeterRegistry meters;

	LimitsModuleTests(Admission admission, CallerRates rates, JdbcClient jdbc, MeterRegistry meters) {
		this.admission = admission;
		this.rates = rates;
		this.jdbc = jdbc;
		this.meters = meters;
	}

	@Test
	void anInstanceWithARunningBackupAndATeamOverItsQuotaAreRefusedWithNothingRecorded() {
		AuditAttempt first = this.admission.admit(target("a4d8ea2584e047439a667703c0684119in06"),
				draft("first", "a4d8ea2584e047439a667703c0684119in06"));
		assertThat(recorded("first")).isEqualTo(1);
		assertThat(first.auditId()).isNotNull();

		GatewayFailure running = catchThrowableOfType(GatewayFailure.class,
				() -> this.admission.admit(target("a4d8ea2584e047439a667703c0684119in06"),
						draft("second", "a4d8ea2584e047439a667703c0684119in06")));
		assertThat(running).isInstanceOf(BackupInProgress.class);
		assertThat(recorded("second")).isZero();

		this.admission.admit(target("b4d8ea2584e047439a667703c0684119in06"),
				draft("third", "b4d8ea2584e047439a667703c0684119in06"));
		GatewayFailure full = catchThrowableOfType(GatewayFailure.class,
				() -> this.admission.admit(target("c4d8ea2584e047439a667703c0684119in06"),
						draft("fourth", "c4d8ea2584e047439a667703c0684119in06")));
		assertThat(full).isInstanceOf(QuotaExhausted.class);
		assertThat(full.retryAfterSeconds()).isPositive();
		assertThat(recorded("fourth")).isZero();
	}

	@Test
	void aCallerOverItsWriteRateIsRefusedAndCountedNotRecorded() {
		Caller bob = new Caller("bob-" + System.nanoTime(), "bob", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));
		for (int i = 0; i < 3; i++) {
			this.rates.admitWrite(bob, "payments");
		}
		double before = this.meters.counter(CallerRates.METER, "team", "payments").count();

		CallerRateExceeded refused = catchThrowableOfType(CallerRateExceeded.class,
				() -> this.rates.admitWrite(bob, "payments"));

		assertThat(refused.retryAfterSeconds()).isBetween(1L, 60L);
		assertThat(refused.logged()).as("logged once a minute where it is counted, not per request").isFalse();
		assertThat(this.meters.counter(CallerRates.METER, "team", "payments").count()).isEqualTo(before + 1);
	}

	private static BackupTarget target(String instance) {
		return new BackupTarget(new TeamName("payments"), new InstanceId(instance), "eu-de-prod",
				"054e292c9880d4992f02c0196d3ea468", Grant.CONFIGURATION);
	}

	private static AuditDraft draft(String requestId, String instance) {
		return AuditDraft.of(ALICE, new RequestMeta(requestId + "-" + RUN, null, null, System.nanoTime()))
			.target("payments", instance)
			.project("054e292c9880d4992f02c0196d3ea468")
			.body("payments-x1", "d");
	}

	private long recorded(String requestId) {
		return this.jdbc.sql("select count(*) from audit_entry where request_id like :id")
			.param("id", requestId + "-%")
			.query(Long.class)
			.single();
	}

}
