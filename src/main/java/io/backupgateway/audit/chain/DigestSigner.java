package io.backupgateway.audit.chain;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.backupgateway.audit.chain.ChainSealer.ChainHead;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.config.AuditSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs the chain's head into a digest (docs/design.md section 6, docs/audit.md): every
 * {@code gateway.audit.digest-interval} and when an auditor asks. Each digest names the
 * one before it. Replicas take turns on the chain head's row, so digests never fork; a
 * scheduled digest is skipped when another replica signed one less than half an interval
 * ago.
 */
@Component
public class DigestSigner {

	private static final Logger log = LoggerFactory.getLogger(DigestSigner.class);

	static final RowMapper<AuditDigest> MAPPER = (rs, row) -> new AuditDigest(rs.getString("digest_id"),
			rs.getLong("chain_seq"), rs.getString("chain_hash").trim(), rs.getString("previous_digest_id"),
			rs.getString("signed_at"), rs.getString("key_id").trim(), rs.getString("signature"));

	static final String COLUMNS = "cast(digest_id as varchar(36)) as digest_id, chain_seq, chain_hash, "
			+ "cast(previous_digest_id as varchar(36)) as previous_digest_id, signed_at, key_id, signature";

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final ChainSealer sealer;

	private final DigestKey key;

	private final Clock clock;

	private final Duration interval;

	private final BackgroundPasses passes;

	DigestSigner(JdbcClient jdbc, PlatformTransactionManager transactions, ChainSealer sealer, DigestKey key,
			Clock clock, AuditSettings settings, BackgroundPasses passes) {
		this.jdbc = jdbc;
		this.transaction = new TransactionTemplate(transactions);
		this.sealer = sealer;
		this.key = key;
		this.clock = clock;
		this.interval = settings.digestInterval();
		this.passes = passes;
	}

	@Scheduled(fixedDelayString = "${gateway.audit.digest-interval:1h}",
			initialDelayString = "${gateway.audit.digest-interval:1h}")
	void signInBackground() {
		this.passes.inBackground(BackgroundPasses.Job.DIGEST_SIGNER, () -> sign(this.interval.dividedBy(2)));
	}

	/**
	 * Seals what has finished (within the sealer's budget), then signs the chain's head.
	 * @return the new digest
	 */
	public AuditDigest signNow() {
		this.sealer.sealBacklog();
		return sign(Duration.ZERO).orElseThrow();
	}

	/**
	 * The digests, newest first.
	 * @param limit how many at most
	 * @return the digests
	 */
	public List<AuditDigest> newest(int limit) {
		return this.jdbc
			.sql("select " + COLUMNS + " from audit_digest order by digest_seq desc fetch first " + limit
					+ " rows only")
			.query(MAPPER)
			.list();
	}

	public DigestKey key() {
		return this.key;
	}

	private Optional<AuditDigest> sign(Duration unlessSignedWithin) {
		return Optional.ofNullable(this.transaction.execute((status) -> {
			// the head's row lock: the sealer and other replicas wait, so the head holds
			// still
			ChainHead head = this.jdbc
				.sql("select last_chain_seq, last_chain_hash from audit_chain_state where id = 1 for update")
				.query((rs, row) -> new ChainHead(rs.getLong("last_chain_seq"), rs.getString("last_chain_hash").trim()))
				.single();
			OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
			Optional<AuditDigest> previous = this.jdbc
				.sql("select " + COLUMNS + " from audit_digest order by digest_seq desc fetch first 1 rows only")
				.query(MAPPER)
				.optional();
			if (previous.isPresent() && !unlessSignedWithin.isZero()
					&& OffsetDateTime.parse(previous.get().signedAt()).isAfter(now.minus(unlessSignedWithin))) {
				return null;
			}
			registerKey(now);
			String digestId = UUID.randomUUID().toString();
			String previousId = previous.map(AuditDigest::digestId).orElse(null);
			String signedAt = AuditEntry.format(now);
			String signature = this.key
				.sign(AuditDigest.signedText(digestId, head.seq(), head.hash(), previousId, signedAt));
			AuditDigest digest = new AuditDigest(digestId, head.seq(), head.hash(), previousId, signedAt,
					this.key.keyId(), signature);
			this.jdbc.sql("""
					insert into audit_digest (digest_id, chain_seq, chain_hash, previous_digest_id, signed_at, key_id,
					    signature)
					values (:digestId, :chainSeq, :chainHash, :previousDigestId, :signedAt, :keyId, :signature)
					""")
				.param("digestId", UUID.fromString(digestId))
				.param("chainSeq", digest.chainSeq())
				.param("chainHash", digest.chainHash())
				.param("previousDigestId", (previousId != null) ? UUID.fromString(previousId) : null)
				.param("signedAt", signedAt)
				.param("keyId", digest.keyId())
				.param("signature", signature)
				.update();
			log.info("Signed audit digest {} at chain position {} with key {}", digestId, head.seq(), this.key.keyId());
			return digest;
		}));
	}

	/**
	 * Keeps the public key beside the digests it signs, so a rotated key's digests stay
	 * checkable.
	 */
	private void registerKey(OffsetDateTime now) {
		boolean known = this.jdbc.sql("select count(*) from audit_signing_key where key_id = :keyId")
			.param("keyId", this.key.keyId())
			.query(Long.class)
			.single() > 0;
		if (!known) {
			this.jdbc.sql("insert into audit_signing_key (key_id, public_key, first_used) values (:keyId, :pem, :now)")
				.param("keyId", this.key.keyId())
				.param("pem", this.key.publicKeyPem())
				.param("now", now)
				.update();
		}
	}

}
