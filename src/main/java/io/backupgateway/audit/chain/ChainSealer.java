package io.backupgateway.audit.chain;

import java.time.Duration;
import java.util.List;

import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.EntryKeys;
import io.backupgateway.audit.entry.UnvouchedEntries;
import io.backupgateway.background.BackgroundPasses;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Seals finished entries into the integrity chain, off the request path (requests never
 * wait for it) and on one replica at a time. Entries are chained in the order they are
 * sealed, oldest finished first, so a long pending entry never holds the chain back.
 */
@Component
public class ChainSealer {

	/** This class's passes, under a database lock of their own. */
	static final BackgroundPasses.Job PASSES = new BackgroundPasses.Job("Sealing the audit chain", 0x6761_7465_0001L);

	static final int BATCH = 500;

	/** How long one scheduled run may go on sealing batches. */
	static final Duration BUDGET = Duration.ofSeconds(10);

	private final JdbcClient jdbc;

	private final BackgroundPasses passes;

	private final EntryKeys keys;

	private final UnvouchedEntries unvouched;

	ChainSealer(JdbcClient jdbc, BackgroundPasses passes, EntryKeys keys, UnvouchedEntries unvouched) {
		this.jdbc = jdbc;
		this.passes = passes;
		this.keys = keys;
		this.unvouched = unvouched;
	}

	@Scheduled(fixedDelayString = "${gateway.audit.seal-interval:1s}",
			initialDelayString = "${gateway.audit.seal-interval:1s}")
	void sealInBackground() {
		this.passes.inBackground(PASSES, this::sealBacklog);
	}

	/**
	 * Seals what has finished, batch by batch, each in its own transaction, for at most
	 * the sealer's budget.
	 */
	void sealBacklog() {
		BackgroundPasses.Deadline deadline = this.passes.deadline(BUDGET);
		while (sealBatch() == BATCH && !deadline.passed()) {
			// the next batch
		}
	}

	/**
	 * Seals up to one batch of finished entries. An entry whose MAC does not verify is
	 * never chained: it is flagged for {@code verify} to name (docs/design.md section 6).
	 * @return how many entries were sealed or flagged; 0 also when another replica is
	 * sealing
	 */
	public int sealBatch() {
		return this.passes.run(PASSES, BUDGET, (deadline) -> {
			ChainHead head = lockHead(this.jdbc);
			List<AuditEntry> entries = this.jdbc
				.sql("select " + AuditColumns.AS_STORED + " from audit_entry e"
						+ " where e.chain_seq is null and e.outcome <> 'pending' and not e.unvouched order by e.seq"
						+ " fetch first " + BATCH + " rows only")
				.query(AuditColumns.MAPPER)
				.list();
			long chainSeq = head.seq();
			String chainHash = head.hash();
			for (AuditEntry entry : entries) {
				EntryKeys.Verdict verdict = this.keys.check(entry, head.macFromSeq());
				if (!verdict.holds()) {
					this.unvouched.flag(entry, verdict);
					continue;
				}
				chainSeq++;
				String entryHash = HashChain.entryHash(entry);
				chainHash = HashChain.link(chainHash, entryHash);
				this.jdbc.sql("""
						update audit_entry set chain_seq = :chainSeq, entry_hash = :entryHash, chain_hash = :chainHash
						where seq = :seq and chain_seq is null
						""")
					.param("chainSeq", chainSeq)
					.param("entryHash", entryHash)
					.param("chainHash", chainHash)
					.param("seq", entry.seq())
					.update();
			}
			if (chainSeq != head.seq()) {
				this.jdbc.sql(
						"update audit_chain_state set last_chain_seq = :chainSeq, last_chain_hash = :chainHash where id = 1")
					.param("chainSeq", chainSeq)
					.param("chainHash", chainHash)
					.update();
			}
			return entries.size();
		});
	}

	/**
	 * Reads the chain's head and locks it, so the sealer and the signer take turns.
	 * @param jdbc where
	 * @return the head
	 */
	static ChainHead lockHead(JdbcClient jdbc) {
		return jdbc.sql("select " + ChainHead.COLUMNS + " from audit_chain_state where id = 1 for update")
			.query(ChainHead.MAPPER)
			.single();
	}

	/**
	 * The chain's head: the last sealed position and its hash, and the first entry that
	 * must carry a MAC.
	 *
	 * @param seq the last chain position
	 * @param hash its chain hash
	 * @param macFromSeq the first entry written with a MAC (V11)
	 */
	record ChainHead(long seq, String hash, long macFromSeq) {

		static final String COLUMNS = "last_chain_seq, last_chain_hash, mac_from_seq";

		static final RowMapper<ChainHead> MAPPER = (rs, row) -> new ChainHead(rs.getLong("last_chain_seq"),
				rs.getString("last_chain_hash").trim(), rs.getLong("mac_from_seq"));

	}

}
