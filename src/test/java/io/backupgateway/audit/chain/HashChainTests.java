package io.backupgateway.audit.chain;

import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.SampleEntries;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HashChainTests {

	private static AuditEntry entry(String description) {
		return SampleEntries.withDescription(description);
	}

	@Test
	void canonicalFormIsLengthPrefixedAndSkipsTheJobStatus() {
		String canonical = HashChain.canonical(entry("grüße"));
		assertThat(canonical).startsWith(
				"audit_id=36:0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a\n" + "occurred_at=27:2026-11-27T12:00:00.123400Z\n");
		assertThat(canonical).contains("description=7:grüße\n", "code=~\n", "http_status=3:202\n", "duration_ms=2:84\n")
			.doesNotContain("job_status")
			.endsWith("duration_ms=2:84\ngrant=13:configuration\n");
		assertThat(canonical.lines()).hasSize(23);
	}

	@Test
	void anEntryWithoutAGrantKeepsTheBytesItWasChainedWith() {
		AuditEntry granted = entry("d");
		AuditEntry before = new AuditEntry(granted.auditId(), granted.occurredAt(), granted.action(), granted.actor(),
				granted.actorName(), granted.team(), granted.instanceId(), granted.projectId(), granted.backupName(),
				granted.description(), granted.outcome(), granted.httpStatus(), granted.code(),
				granted.upstreamStatus(), granted.upstreamErrorCode(), granted.jobId(), granted.backupId(),
				granted.jobStatus(), granted.requestId(), granted.idempotencyKey(), granted.clientIp(),
				granted.userAgent(), granted.durationMs(), null, granted.seq(), granted.occurredAtValue(), null, null,
				null, null, null);
		assertThat(HashChain.canonical(before)).doesNotContain("grant")
			.endsWith("duration_ms=2:84\n")
			.isEqualTo(HashChain.canonical(granted).replace("grant=13:configuration\n", ""));
		assertThat(HashChain.entryHash(before)).isNotEqualTo(HashChain.entryHash(granted));
	}

	@Test
	void anyChangeChangesTheHash() {
		assertThat(HashChain.entryHash(entry("a"))).isNotEqualTo(HashChain.entryHash(entry("b")))
			.hasSize(64)
			.matches("[0-9a-f]{64}");
	}

	@Test
	void linksChainEachHashToThePrevious() {
		String first = HashChain.link(HashChain.GENESIS, HashChain.entryHash(entry("a")));
		assertThat(first).isEqualTo(HashChain.sha256(HashChain.GENESIS + HashChain.entryHash(entry("a"))));
		assertThat(HashChain.link(first, "x")).isNotEqualTo(HashChain.link(HashChain.GENESIS, "x"));
	}

}
