package io.backupgateway.audit.entry;

import java.time.OffsetDateTime;

/**
 * A fully populated audit entry for tests of what is computed from entries (hashes,
 * export lines).
 */
public final class SampleEntries {

	private SampleEntries() {
	}

	public static AuditEntry withDescription(String description) {
		OffsetDateTime at = OffsetDateTime.parse("2026-11-27T12:00:00.123400Z");
		return new AuditEntry("0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a", AuditEntry.format(at), "backup.create", "alice",
				"alice.smith", "payments", "a4d8in06", "054e", "payments-x", description, "accepted", 202, null, 202,
				null, "job-1", "backup-1", "Running", "req-1", null, "127.0.0.1", "curl/8", 84L, "configuration", 1, at,
				null, null, null, null, null);
	}

}
