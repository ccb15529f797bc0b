package io.backupgateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Counts audit entries as they are written: {@code gateway.backups} for requests, by
 * action, outcome and problem code, {@code gateway.backup.jobs} for job ends, by outcome
 * and code: bounded tags only (docs/design.md 3.6).
 */
final class AuditMeters {

	private final MeterRegistry registry;

	AuditMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	void count(String action, Outcome outcome, @Nullable String code) {
		boolean job = AuditLog.ACTION_BACKUP_JOB.equals(action);
		Counter.Builder counter = Counter.builder(job ? "gateway.backup.jobs" : "gateway.backups")
			.description("audit entries by outcome and problem code");
		if (!job) {
			counter.tag("action", action);
		}
		counter.tag("outcome", outcome.value())
			.tag("code", (code != null) ? code : "none")
			.register(this.registry)
			.increment();
	}

}
