package io.backupgateway.audit.chain;

import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.backupgateway.audit.chain.ChainSealer.ChainHead;
import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.EntryKeys;
import io.backupgateway.background.BackgroundPasses;
import io.backupgateway.config.AuditSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
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
 * ago. A digest vouches only for what the signer checked: before signing, the chain is
 * recomputed from the newest digest (whose signature must verify under a trusted key) to
 * the head, and a head the entries do not make is refused, never signed: whoever can
 * write the database must not get the gateway's signature on a history of their own.
 */
@Component
public class DigestSigner {

	/** This class's passes, under a database lock of their own. */
	static final BackgroundPasses.Job PASSES = new BackgroundPasses.Job("Signing an audit digest", 0x6761_7465_0005L);

	private static final Logger log = LoggerFactory.getLogger(DigestSigner.class);

	static final String REFUSED_METER = "gateway.audit.digests.refused";

	private static final int FETCH_SIZE = 1000;

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

	private final TrustedKeys trusted;

	private final Counter refused;

	private final EntryKeys keys;

	DigestSigner(JdbcClient jdbc, PlatformTransactionManager transactions, ChainSealer sealer, DigestKey key,
			Clock clock, AuditSettings settings, BackgroundPasses passes, TrustedKeys trusted, MeterRegistry meters,
			EntryKeys keys) {
		this.trusted = trusted;
		this.keys = keys;
		this.refused = Counter.builder(REFUSED_METER)
			.description("digests not signed because the chain did not verify from the last digest to its head")
			.register(meters);
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
		this.passes.inBackground(PASSES, () -> sign(this.interval.dividedBy(2)));
	}

	/**
	 * Seals what has finished (within the sealer's budget), then signs the chain's head.
	 * @return the new digest
	 * @throws DigestRefused when the chain does not verify up to its head
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

	/**
	 * The last digest before a chain position: where a range's verification may start.
	 * @param chainSeq the position
	 * @return the newest digest with a lower position, if any
	 */
	public Optional<AuditDigest> lastBefore(long chainSeq) {
		return this.jdbc
			.sql("select " + COLUMNS + " from audit_digest where chain_seq < :seq"
					+ " order by chain_seq desc, digest_seq desc fetch first 1 rows only")
			.param("seq", chainSeq)
			.query(MAPPER)
			.optional();
	}

	/**
	 * The first digest at or after a chain position: one that vouches for it.
	 * @param chainSeq the position
	 * @return the oldest digest with that position or a higher one, if any
	 */
	public Optional<AuditDigest> firstCovering(long chainSeq) {
		return this.jdbc
			.sql("select " + COLUMNS + " from audit_digest where chain_seq >= :seq"
					+ " order by chain_seq, digest_seq fetch first 1 rows only")
			.param("seq", chainSeq)
			.query(MAPPER)
			.optional();
	}

	/**
	 * The public key a digest was signed with, as the signer kept it.
	 * @param keyId the key's id
	 * @return the PEM, if known
	 */
	public Optional<String> publicKeyPem(String keyId) {
		if (keyId.equals(this.key.keyId())) {
			return Optional.of(this.key.publicKeyPem());
		}
		return this.jdbc.sql("select public_key from audit_signing_key where key_id = :keyId")
			.param("keyId", keyId)
			.query(String.class)
			.optional();
	}

	public DigestKey key() {
		return this.key;
	}

	private Optional<AuditDigest> sign(Duration unlessSignedWithin) {
		return Optional.ofNullable(this.transaction.execute((status) -> {
			// the head's row lock: the sealer and other replicas wait, so the head holds
			// still
			ChainHead head = ChainSealer.lockHead(this.jdbc);
			OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
			Optional<AuditDigest> previous = this.jdbc
				.sql("select " + COLUMNS + " from audit_digest order by digest_seq desc fetch first 1 rows only")
				.query(MAPPER)
				.optional();
			if (previous.isPresent() && !unlessSignedWithin.isZero()
					&& OffsetDateTime.parse(previous.get().signedAt()).isAfter(now.minus(unlessSignedWithin))) {
				return null;
			}
			String problem = recheck(previous.orElse(null), head);
			if (problem != null) {
				this.refused.increment();
				log.error("Audit digest refused, nothing signed: {}", problem);
				throw new DigestRefused(problem);
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
	 * Recomputes the chain from the newest digest's position to the head, as stored.
	 * @param previous the newest digest, or {@code null} to start from the chain's start
	 * @param head the head, locked
	 * @return what does not hold, or {@code null} when the head is the one the entries
	 * make
	 */
	private @Nullable String recheck(@Nullable AuditDigest previous, ChainHead head) {
		long fromSeq = 0;
		String fromHash = HashChain.GENESIS;
		if (previous != null) {
			if (!this.trusted.signed(previous)) {
				return "the newest digest " + previous.digestId() + " is not signed by a trusted key";
			}
			fromSeq = previous.chainSeq();
			fromHash = previous.chainHash();
		}
		if (head.seq() < fromSeq) {
			return "the chain's recorded head is at entry " + head.seq() + ", behind digest " + previous.digestId()
					+ " at entry " + fromSeq + ": the head was moved back";
		}
		// entries under a retired entry key stand only under a digest already checked
		ChainWalk walk = new ChainWalk(fromSeq, fromHash, this.keys, head.macFromSeq(), fromSeq, (hash, seq) -> {
		});
		this.jdbc
			.sql("select " + AuditColumns.AS_STORED
					+ " from audit_entry e where e.chain_seq > :from order by e.chain_seq")
			.param("from", fromSeq)
			.withFetchSize(FETCH_SIZE)
			.query((ResultSet rs) -> {
				if (!walk.broken()) {
					walk.check(AuditColumns.MAPPER.mapRow(rs, 0));
				}
			});
		if (walk.broken()) {
			return "entry " + walk.firstBroken + ": " + walk.reason;
		}
		return HashChain.headProblem(walk.lastSeq(), walk.previousHash, head);
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
