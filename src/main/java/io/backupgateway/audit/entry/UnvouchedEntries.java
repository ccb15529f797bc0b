package io.backupgateway.audit.entry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Entries the gateway finds it did not write (docs/design.md section 6): the sealer
 * before chaining, the resolver and the job follower before building on one. Each is
 * flagged once, so it never holds the sealer back and is never looked at again, and
 * counted and logged once; {@code verify} names it.
 */
@Component
public class UnvouchedEntries {

	/**
	 * Counts entries found without a valid MAC; the alert BackupGatewayEntryNotVouched.
	 */
	public static final String METER = "gateway.audit.entries.unvouched";

	private static final Logger log = LoggerFactory.getLogger(UnvouchedEntries.class);

	private final JdbcClient jdbc;

	private final Counter found;

	UnvouchedEntries(JdbcClient jdbc, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.found = Counter.builder(METER)
			.description("audit entries whose MAC does not verify: not written by the gateway, never chained")
			.register(meters);
	}

	/**
	 * Flags an entry the gateway did not write, unless another pass already did.
	 * @param entry the entry
	 * @param verdict what its MAC says
	 */
	public void flag(AuditEntry entry, EntryKeys.Verdict verdict) {
		int flagged = this.jdbc
			.sql("update audit_entry set unvouched = true where seq = :seq and chain_seq is null and not unvouched")
			.param("seq", entry.seq())
			.update();
		if (flagged == 1) {
			this.found.increment();
			log.error(
					"Audit entry {} was not written by the gateway ({}): it is not chained, and nothing is built on it",
					entry.auditId(), (verdict == EntryKeys.Verdict.UNKNOWN_KEY)
							? "its MAC is under an entry key the gateway does not hold" : "its MAC does not match");
		}
	}

}
