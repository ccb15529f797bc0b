package io.backupgateway.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import io.backupgateway.config.AuditSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the background work is behind (docs/operations.md): entries still
 * {@code pending} (an ambiguous answer or a crash, resolved from the cloud's backup list)
 * and finished entries not yet sealed into the chain, each with the age of the oldest.
 * Served as the gauges {@code gateway.audit.pending}, {@code gateway.audit.unsealed} and
 * their {@code .oldest.age}, and as {@code auditLag} in {@code /actuator/health}, which
 * reports without ever taking the gateway out of readiness. Read at most every ten
 * seconds, however often it is scraped.
 */
@Component("auditLagHealthIndicator")
class AuditLag extends AbstractHealthIndicator {

	static final Duration FRESH_FOR = Duration.ofSeconds(10);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final int timeoutSeconds;

	private volatile @Nullable Reading reading;

	AuditLag(JdbcClient jdbc, Clock clock, AuditSettings settings, MeterRegistry meters) {
		super("Audit lag check failed");
		this.jdbc = jdbc;
		this.clock = clock;
		this.timeoutSeconds = settings.queryTimeoutSeconds();
		gauge(meters, "gateway.audit.pending", "entries", "entries still pending", (lag) -> lag.read().pending());
		gauge(meters, "gateway.audit.pending.oldest.age", "seconds", "age of the oldest pending entry, 0 when none",
				(lag) -> lag.age(lag.read().oldestPending()));
		gauge(meters, "gateway.audit.unsealed", "entries", "finished entries not yet sealed into the chain",
				(lag) -> lag.read().unsealed());
		gauge(meters, "gateway.audit.unsealed.oldest.age", "seconds",
				"age of the oldest finished entry not yet sealed, 0 when none",
				(lag) -> lag.age(lag.read().oldestUnsealed()));
	}

	private void gauge(MeterRegistry meters, String name, String unit, String description,
			java.util.function.ToDoubleFunction<AuditLag> value) {
		Gauge.builder(name, this, (lag) -> {
			try {
				return value.applyAsDouble(lag);
			}
			catch (RuntimeException ex) {
				// the store is down: the db health indicator and the audit meters say so
				return Double.NaN;
			}
		}).description(description).baseUnit(unit).register(meters);
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Reading now = read();
		builder.up()
			.withDetail("pending", now.pending())
			.withDetail("oldest_pending_seconds", (long) age(now.oldestPending()))
			.withDetail("unsealed", now.unsealed())
			.withDetail("oldest_unsealed_seconds", (long) age(now.oldestUnsealed()));
	}

	Reading read() {
		Reading last = this.reading;
		Instant now = this.clock.instant();
		if (last != null && last.at().plus(FRESH_FOR).isAfter(now)) {
			return last;
		}
		Reading fresh = new Reading(now, count("outcome = 'pending'"), oldest("outcome = 'pending'"),
				count("chain_seq is null and outcome <> 'pending'"),
				oldest("chain_seq is null and outcome <> 'pending'"));
		this.reading = fresh;
		return fresh;
	}

	private long count(String condition) {
		return this.jdbc.sql("select count(*) from audit_entry where " + condition)
			.withQueryTimeout(this.timeoutSeconds)
			.query(Long.class)
			.single();
	}

	private @Nullable Instant oldest(String condition) {
		return this.jdbc.sql("select min(occurred_at) from audit_entry where " + condition)
			.withQueryTimeout(this.timeoutSeconds)
			.query((rs, row) -> java.util.Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
			.single()
			.map(OffsetDateTime::toInstant)
			.orElse(null);
	}

	private double age(@Nullable Instant oldest) {
		return (oldest != null) ? Math.max(0, Duration.between(oldest, this.clock.instant()).toMillis() / 1000.0) : 0;
	}

	/** One reading of the trail's backlog. */
	record Reading(Instant at, long pending, @Nullable Instant oldestPending, long unsealed,
			@Nullable Instant oldestUnsealed) {
	}

}
