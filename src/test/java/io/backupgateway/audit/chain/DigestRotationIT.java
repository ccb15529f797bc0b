package io.backupgateway.audit.chain;

import java.time.Clock;

import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.config.AuditSettings;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation on PostgreSQL (docs/audit.md "Signed digests"): a replica with a new key
 * goes on with the digest chain, the old key's digests stay checkable with the old public
 * key, and {@code verify} holds across both keys.
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

	@Test
	void aRotatedKeyGoesOnWithTheDigestChain() {
		AuditDigest old = this.signer.signNow();
		DigestKey rotated = DigestKey.throwAway();
		DigestSigner afterRotation = new DigestSigner(this.jdbc, this.transactions, this.sealer, rotated,
				Clock.systemUTC(), this.settings, this.passes);

		AuditDigest next = afterRotation.signNow();
		AuditDigest back = this.signer.signNow();

		assertThat(next.keyId()).isEqualTo(rotated.keyId()).isNotEqualTo(old.keyId());
		assertThat(next.previousDigestId()).isEqualTo(old.digestId());
		assertThat(back.previousDigestId()).isEqualTo(next.digestId());
		assertThat(DigestKey.verify(this.signer.key().publicKeyPem(), old.signedText(), old.signature())).isTrue();
		assertThat(DigestKey.verify(rotated.publicKeyPem(), next.signedText(), next.signature())).isTrue();
		assertThat(this.jdbc.sql("select public_key from audit_signing_key where key_id = ?")
			.param(rotated.keyId())
			.query(String.class)
			.single()).isEqualTo(rotated.publicKeyPem());
		ChainReport report = this.verifier.verify();
		assertThat(report.status()).as(report.toString()).isEqualTo("intact");
		assertThat(report.digestsChecked()).isGreaterThanOrEqualTo(3);
	}

}
