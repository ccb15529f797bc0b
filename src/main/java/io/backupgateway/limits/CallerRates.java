package io.backupgateway.limits;

import java.time.Clock;

import io.backupgateway.access.Caller;
import io.backupgateway.config.LimitSettings;
import io.backupgateway.config.TeamTable;
import io.backupgateway.web.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The callers' rates (docs/design.md 3.4): a caller over its create and delete requests,
 * or over its other API requests (the reads), in the last 60 seconds is refused with
 * {@code 429 rate-limited} and {@code Retry-After}. The writes are the first step of the
 * create and delete flows; the reads are counted by {@link CallerRateFilter}. Refusals
 * are counted ({@code gateway.requests.limited} for writes, {@code gateway.reads.limited}
 * for reads, tagged by team) and logged once per caller and minute, not stored one by
 * one: the one exception to invariant 2, so that a flooding caller can grow neither the
 * audit store nor reach the cloud.
 */
@Component
public class CallerRates {

	static final String METER = "gateway.requests.limited";

	static final String READS_METER = "gateway.reads.limited";

	private static final Logger log = LoggerFactory.getLogger(CallerRates.class);

	private final CallerRate writes;

	private final CallerRate reads;

	private final MeterRegistry meters;

	private final TeamTable teams;

	CallerRates(LimitSettings limits, TeamTable teams, MeterRegistry meters, Clock clock) {
		this.writes = new CallerRate(limits.requestsPerCallerPerMinute(), clock);
		this.reads = new CallerRate(limits.readsPerCallerPerMinute(), clock);
		this.meters = meters;
		this.teams = teams;
	}

	/**
	 * Counts a create or delete request against its caller's rate.
	 * @param caller the caller
	 * @param team the team the request names, for the meter
	 * @throws CallerRateExceeded when the caller is over its rate
	 */
	public void admitWrite(Caller caller, String team) {
		if (caller.subject() != null) {
			admit(this.writes, true, caller.subject(), team);
		}
	}

	/**
	 * Counts another API request against its caller's rate.
	 * @param subject the caller's {@code sub}
	 * @param team the team the request names, if any, for the meter
	 * @throws CallerRateExceeded when the caller is over its rate
	 */
	void admitRead(String subject, @Nullable String team) {
		admit(this.reads, false, subject, team);
	}

	private void admit(CallerRate rate, boolean write, String subject, @Nullable String team) {
		CallerRate.Verdict verdict = rate.count(subject);
		if (verdict.allowed()) {
			return;
		}
		Counter.builder(write ? METER : READS_METER)
			.description(
					write ? "create and delete requests refused for their caller's rate, not stored in the audit trail"
							: "read requests refused for their caller's rate")
			.tag("team", (team != null && this.teams.names().contains(team)) ? team : "other")
			.register(this.meters)
			.increment();
		if (verdict.logRefusal()) {
			log.warn("Caller {} is over {} {} requests a minute; they are refused for {} s", LogText.of(subject),
					rate.limit(), write ? "create and delete" : "read", verdict.retryAfterSeconds());
		}
		throw new CallerRateExceeded(verdict.retryAfterSeconds());
	}

	/** How many callers each rate remembers: for tests of the memory bound. */
	int callersRemembered() {
		return this.writes.callers() + this.reads.callers();
	}

}
