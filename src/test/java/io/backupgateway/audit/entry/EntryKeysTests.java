package io.backupgateway.audit.entry;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Entry MACs (docs/audit.md "Entries the gateway vouches for"): what verifies, what does
 * not, and keys of before a rotation.
 */
class EntryKeysTests {

	static final byte[] KEY = "an entry key of at least thirty-two bytes".getBytes(StandardCharsets.US_ASCII);

	static final byte[] OLD = "the entry key before the last rotation".getBytes(StandardCharsets.US_ASCII);

	final EntryKeys keys = new EntryKeys(KEY, List.of(OLD));

	@Test
	void anEntryAsWrittenVerifies() {
		AuditEntry entry = SampleEntries.withDescription("grüße");

		assertThat(this.keys.check(signed(entry, this.keys), 1)).isEqualTo(EntryKeys.Verdict.VOUCHED);
	}

	@Test
	void anyChangeToWhatIsHashedGivesItAway() {
		AuditEntry entry = signed(SampleEntries.withDescription("original"), this.keys);
		AuditEntry changed = with(SampleEntries.withDescription("changed"), entry.entryMac(), entry.macKeyId());

		assertThat(this.keys.check(changed, 1)).isEqualTo(EntryKeys.Verdict.NOT_WRITTEN_BY_THE_GATEWAY);
		assertThat(this.keys.check(with(entry, null, null), 1)).as("no MAC at all")
			.isEqualTo(EntryKeys.Verdict.NOT_WRITTEN_BY_THE_GATEWAY);
	}

	@Test
	void theJobStatusIsNotAuthenticatedBecauseItFollowsTheJob() {
		AuditEntry entry = signed(SampleEntries.withDescription("d"), this.keys);
		AuditEntry later = new AuditEntry(entry.auditId(), entry.occurredAt(), entry.action(), entry.actor(),
				entry.actorName(), entry.team(), entry.instanceId(), entry.projectId(), entry.backupName(),
				entry.description(), entry.outcome(), entry.httpStatus(), entry.code(), entry.upstreamStatus(),
				entry.upstreamErrorCode(), entry.jobId(), entry.backupId(), "Completed", entry.requestId(),
				entry.idempotencyKey(), entry.clientIp(), entry.userAgent(), entry.durationMs(), entry.grant(),
				entry.seq(), entry.occurredAtValue(), null, null, null, entry.entryMac(), entry.macKeyId());

		assertThat(this.keys.check(later, 1)).isEqualTo(EntryKeys.Verdict.VOUCHED);
	}

	@Test
	void entriesOfAKeyBeforeARotationVerifyAndUnknownKeysAreSaidSo() {
		EntryKeys before = new EntryKeys(OLD, List.of());
		AuditEntry old = signed(SampleEntries.withDescription("d"), before);

		assertThat(this.keys.check(old, 1)).isEqualTo(EntryKeys.Verdict.VOUCHED);
		assertThat(new EntryKeys(KEY, List.of()).check(old, 1)).isEqualTo(EntryKeys.Verdict.UNKNOWN_KEY);
		assertThat(before.currentKeyId()).isNotEqualTo(this.keys.currentKeyId()).hasSize(16);
	}

	@Test
	void entriesWrittenBeforeMacsExistedAreLeftToTheChain() {
		AuditEntry legacy = with(SampleEntries.withDescription("d"), null, null);

		assertThat(this.keys.check(legacy, 2)).isEqualTo(EntryKeys.Verdict.BEFORE_MACS);
		assertThat(EntryKeys.Verdict.BEFORE_MACS.holds()).isTrue();
	}

	@Test
	void aDerivedKeyDependsOnTheSigningKeyAndOnNothingElse() {
		byte[] seed = new byte[32];
		byte[] other = new byte[32];
		other[0] = 1;

		assertThat(EntryKeys.derivedFrom(seed)).isEqualTo(EntryKeys.derivedFrom(seed.clone()))
			.isNotEqualTo(EntryKeys.derivedFrom(other))
			.isNotEqualTo(seed)
			.hasSize(32);
	}

	@Test
	void aShortKeyIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new EntryKeys(new byte[31], List.of()))
			.withMessageContaining("at least 32 bytes");
	}

	static AuditEntry signed(AuditEntry entry, EntryKeys keys) {
		return with(entry, keys.mac(entry), keys.currentKeyId());
	}

	static AuditEntry with(AuditEntry e, String mac, String keyId) {
		return new AuditEntry(e.auditId(), e.occurredAt(), e.action(), e.actor(), e.actorName(), e.team(),
				e.instanceId(), e.projectId(), e.backupName(), e.description(), e.outcome(), e.httpStatus(), e.code(),
				e.upstreamStatus(), e.upstreamErrorCode(), e.jobId(), e.backupId(), e.jobStatus(), e.requestId(),
				e.idempotencyKey(), e.clientIp(), e.userAgent(), e.durationMs(), e.grant(), e.seq(),
				e.occurredAtValue(), e.chainSeq(), e.entryHash(), e.chainHash(), mac, keyId);
	}

}
