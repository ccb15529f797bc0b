package io.backupgateway.audit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Counts audit entries as they are written: {@code gateway.backups} for requests,
 * {@code gateway.backup.jobs} for job ends, tagged by outcome and problem code only, so
 * the tags stay bounded (docs/design.md 3.6).
 */
final class AuditMeters {

	private final MeterRegistry registry;

	AuditMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	void count(String action, Outcome outcome, @Nullable String code) {
		Counter.builder(AuditLog.ACTION_BACKUP_JOB.equals(action) ? "gateway.backup.jobs" : "gateway.backups")
			.description("audit entries by outcome and problem code")
			.tag("outcome", outcome.value())
			.tag("code", (code != null) ? code : "none")
			.register(this.registry)
			.increment();
	}

}
