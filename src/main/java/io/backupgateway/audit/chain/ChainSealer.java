package io.backupgateway.audit.chain;

import java.time.Duration;
import java.util.List;

import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.background.BackgroundPasses;

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

	static final int BATCH = 500;

	/** How long one scheduled run may go on sealing batches. */
	static final Duration BUDGET = Duration.ofSeconds(10);

	private final JdbcClient jdbc;

	private final BackgroundPasses passes;

	ChainSealer(JdbcClient jdbc, BackgroundPasses passes) {
		this.jdbc = jdbc;
		this.passes = passes;
	}

	@Scheduled(fixedDelayString = "${gateway.audit.seal-interval:1s}",
			initialDelayString = "${gateway.audit.seal-interval:1s}")
	void sealInBackground() {
		this.passes.inBackground(BackgroundPasses.Job.CHAIN_SEALER, this::sealBacklog);
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
	 * Seals up to one batch of finished entries.
	 * @return how many entries were sealed; 0 also when another replica is sealing
	 */
	public int sealBatch() {
		return this.passes.run(BackgroundPasses.Job.CHAIN_SEALER, BUDGET, (deadline) -> {
			ChainHead head = this.jdbc
				.sql("select last_chain_seq, last_chain_hash from audit_chain_state where id = 1 for update")
				.query((rs, row) -> new ChainHead(rs.getLong("last_chain_seq"), rs.getString("last_chain_hash").trim()))
				.single();
			List<AuditEntry> entries = this.jdbc
				.sql("select " + AuditColumns.AS_STORED
						+ " from audit_entry e where e.chain_seq is null and e.outcome <> 'pending' order by e.seq"
						+ " fetch first " + BATCH + " rows only")
				.query(AuditColumns.MAPPER)
				.list();
			long chainSeq = head.seq();
			String chainHash = head.hash();
			for (AuditEntry entry : entries) {
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
			if (!entries.isEmpty()) {
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
	 * The chain's head: the last sealed position and its hash.
	 *
	 * @param seq the last chain position
	 * @param hash its chain hash
	 */
	record ChainHead(long seq, String hash) {
	}

}
