package io.backupgateway.audit.chain;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import io.backupgateway.audit.entry.EntryKeys;
import io.backupgateway.audit.entry.LongReads;
import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.config.AuditSettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Digests over time (docs/audit.md "Signed digests"): the scheduled digest is skipped
 * when another replica signed one less than half an interval ago, and a rotated key goes
 * on with the same digest chain while the old digests stay checkable with the old public
 * key.
 */
@ApplicationModuleTest(module = "audit")
@ActiveProfiles("module")
@TestPropertySource(properties = "gateway.audit.digest-interval=3h")
class DigestRotationTests {

	final DigestSigner signer;

	final ChainVerifier verifier;

	final JdbcClient jdbc;

	final PlatformTransactionManager transactions;

	final ChainSealer sealer;

	final AuditSettings settings;

	final BackgroundPasses passes;

	final TrustedKeys trusted;

	final MeterRegistry meters;

	final LongReads longReads;

	final EntryKeys entryKeys;

	DigestRotationTests(DigestSigner signer, ChainVerifier verifier, JdbcClient jdbc,
			PlatformTransactionManager transactions, ChainSealer sealer, AuditSettings settings,
			BackgroundPasses passes, TrustedKeys trusted, MeterRegistry meters, LongReads longReads,
			EntryKeys entryKeys) {
		this.entryKeys = entryKeys;
		this.trusted = trusted;
		this.meters = meters;
		this.longReads = longReads;
		this.signer = signer;
		this.verifier = verifier;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.sealer = sealer;
		this.settings = settings;
		this.passes = passes;
	}

	@Test
	void aScheduledDigestIsSkippedWhenAnotherReplicaJustSignedOne() {
		this.signer.signNow();
		int before = this.signer.newest(500).size();
		Instant due = Instant.now().plus(Duration.ofHours(2));
		replicaAt(due).signInBackground();
		// another replica's schedule, a minute later
		replicaAt(due.plus(Duration.ofMinutes(1))).signInBackground();
		assertThat(this.signer.newest(500)).hasSize(before + 1);

		replicaAt(due.plus(Duration.ofMinutes(91))).signInBackground();
		assertThat(this.signer.newest(500)).as("half an interval later").hasSize(before + 2);
	}

	@Test
	void aRotatedKeyGoesOnWithTheChainAndOldDigestsStayCheckable() {
		AuditDigest old = this.signer.signNow();
		DigestKey rotated = DigestKey.throwAway();
		// after the switch: the new key signs, the old public key is listed in
		// trusted-keys
		TrustedKeys afterSwitch = new TrustedKeys(rotated, List.of(this.signer.key().publicKeyPem()));

		AuditDigest next = replicaWith(rotated, afterSwitch).signNow();

		assertThat(next.keyId()).isEqualTo(rotated.keyId()).isNotEqualTo(old.keyId());
		assertThat(next.previousDigestId()).isEqualTo(old.digestId());
		assertThat(DigestKey.verify(this.signer.key().publicKeyPem(), old.signedText(), old.signature())).isTrue();
		assertThat(DigestKey.verify(rotated.publicKeyPem(), next.signedText(), next.signature())).isTrue();
		assertThat(DigestKey.verify(rotated.publicKeyPem(), old.signedText(), old.signature())).isFalse();
		assertThat(this.jdbc.sql("select key_id from audit_signing_key").query(String.class).list())
			.contains(old.keyId(), next.keyId());
		ChainReport report = new ChainVerifier(this.longReads, this.passes, afterSwitch, this.entryKeys).verify();
		assertThat(report.status()).as(report.toString()).isEqualTo("intact");
		assertThat(List.of(report.digestsChecked())).allSatisfy((count) -> assertThat(count).isGreaterThanOrEqualTo(2));

		ChainReport unconfigured = this.verifier.verify();
		assertThat(unconfigured.status()).as("a key kept only by the database is not trusted").isEqualTo("broken");
		assertThat(unconfigured.reason()).contains("untrusted key", rotated.keyId());
		assertThatThrownBy(() -> this.signer.signNow())
			.as("nor does a replica that does not trust the new key sign after it")
			.isInstanceOf(DigestRefused.class)
			.hasMessageContaining("not signed by a trusted key");
		// the next test starts from digests this context's key signed
		this.jdbc.sql("delete from audit_digest").update();
	}

	private DigestSigner replicaWith(DigestKey key, TrustedKeys keys) {
		return new DigestSigner(this.jdbc, this.transactions, this.sealer, key, Clock.systemUTC(), this.settings,
				this.passes, keys, this.meters, this.entryKeys);
	}

	private DigestSigner replicaAt(Instant now) {
		return new DigestSigner(this.jdbc, this.transactions, this.sealer, this.signer.key(),
				Clock.fixed(now, ZoneOffset.UTC), this.settings, this.passes, this.trusted, this.meters,
				this.entryKeys);
	}

}
