package io.backupgateway.audit.chain;

import java.time.Clock;
import java.util.List;

import io.backupgateway.audit.entry.EntryKeys;
import io.backupgateway.audit.entry.LongReads;
import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.config.AuditSettings;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation on PostgreSQL (docs/audit.md "Signed digests"): while a rollout runs,
 * replicas with the old key and replicas with the new one sign in turn, each trusting the
 * other's key from its configuration; {@code verify} holds across both keys where both
 * are trusted, and a key the configuration does not name is "untrusted" even though the
 * database keeps it.
 */
@GatewayIntegrationTest
class DigestRotationIT {

	@Autowired
	DigestSigner signer;

	@Autowired
	ChainVerifier verifier;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	ChainSealer sealer;

	@Autowired
	AuditSettings settings;

	@Autowired
	BackgroundPasses passes;

	@Autowired
	LongReads longReads;

	@Autowired
	TrustedKeys trusted;

	@Autowired
	MeterRegistry meters;

	@Autowired
	EntryKeys entryKeys;

	@Test
	void aRotatedKeyGoesOnWithTheDigestChain() {
		AuditDigest old = this.signer.signNow();
		DigestKey rotated = DigestKey.throwAway();
		String oldPem = this.signer.key().publicKeyPem();
		// step one of a rotation: the old key's replicas trust the new public key
		TrustedKeys beforeSwitch = new TrustedKeys(this.signer.key(), List.of(rotated.publicKeyPem()));
		// step two: the new key signs, the old public key trusted
		TrustedKeys afterSwitch = new TrustedKeys(rotated, List.of(oldPem));
		DigestSigner afterRotation = new DigestSigner(this.jdbc, this.transactions, this.sealer, rotated,
				Clock.systemUTC(), this.settings, this.passes, afterSwitch, this.meters, this.entryKeys);
		DigestSigner oldReplica = new DigestSigner(this.jdbc, this.transactions, this.sealer, this.signer.key(),
				Clock.systemUTC(), this.settings, this.passes, beforeSwitch, this.meters, this.entryKeys);

		AuditDigest next = afterRotation.signNow();
		AuditDigest back = oldReplica.signNow();

		assertThat(next.keyId()).isEqualTo(rotated.keyId()).isNotEqualTo(old.keyId());
		assertThat(next.previousDigestId()).isEqualTo(old.digestId());
		assertThat(back.previousDigestId()).isEqualTo(next.digestId());
		assertThat(DigestKey.verify(oldPem, old.signedText(), old.signature())).isTrue();
		assertThat(DigestKey.verify(rotated.publicKeyPem(), next.signedText(), next.signature())).isTrue();
		ChainReport report = new ChainVerifier(this.longReads, this.passes, afterSwitch, this.entryKeys).verify();
		assertThat(report.status()).as(report.toString()).isEqualTo("intact");
		assertThat(report.digestsChecked()).isGreaterThanOrEqualTo(3);

		ChainReport unconfigured = this.verifier.verify();
		assertThat(unconfigured.status()).as("the rotated key is in the database, not in this configuration")
			.isEqualTo("broken");
		assertThat(unconfigured.reason()).contains("untrusted key", rotated.keyId());
		// the trail itself is fine: the rest of the suite goes on with a key it trusts
		forgetTheDigests();
	}

	/**
	 * The shared database goes on with the suite's own key: the digests, some signed with
	 * the test's throw-away key, leave it, as the owner of a database for tests may.
	 */
	private void forgetTheDigests() {
		this.jdbc.sql("alter table audit_digest disable trigger user").update();
		try {
			this.jdbc.sql("delete from audit_digest").update();
		}
		finally {
			this.jdbc.sql("alter table audit_digest enable trigger user").update();
		}
		assertThat(this.verifier.verify().status()).isEqualTo("intact");
	}

}
