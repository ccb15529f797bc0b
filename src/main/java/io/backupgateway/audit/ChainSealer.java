package io.backupgateway.audit;

import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Seals finished entries into the integrity chain, off the request path (requests never
 * wait for it) and on one replica at a time. Entries are chained in the order they are
 * sealed, oldest finished first, so a long pending entry never holds the chain back.
 */
@Component
class ChainSealer {

	private static final Logger log = LoggerFactory.getLogger(ChainSealer.class);

	static final int BATCH = 500;

	private final NamedParameterJdbcTemplate jdbc;

	private final DatabaseLocks locks;

	ChainSealer(DataSource dataSource, DatabaseLocks locks) {
		this.jdbc = new NamedParameterJdbcTemplate(new JdbcTemplate(dataSource));
		this.locks = locks;
	}

	@Scheduled(fixedDelayString = "${gateway.audit.seal-interval:1s}",
			initialDelayString = "${gateway.audit.seal-interval:1s}")
	void sealInBackground() {
		try {
			int sealed;
			do {
				sealed = sealBatch();
			}
			while (sealed == BATCH);
		}
		catch (RuntimeException ex) {
			log.warn("Sealing the audit chain failed; it will be retried ({})", ex.getClass().getSimpleName());
		}
	}

	/**
	 * Seals up to one batch of finished entries.
	 * @return how many entries were sealed; 0 also when another replica is sealing
	 */
	int sealBatch() {
		return this.locks.exclusively(DatabaseLocks.Job.CHAIN_SEALER, () -> {
			var head = this.jdbc.queryForMap(
					"select last_chain_seq, last_chain_hash from audit_chain_state where id = 1 for update",
					new MapSqlParameterSource());
			long chainSeq = ((Number) head.get("last_chain_seq")).longValue();
			String chainHash = ((String) head.get("last_chain_hash")).trim();
			List<AuditEntry> entries = this.jdbc.query("select " + AuditReader.RAW_COLUMNS
					+ " from audit_entry e where e.chain_seq is null and e.outcome <> 'pending' order by e.seq"
					+ " fetch first " + BATCH + " rows only", new MapSqlParameterSource(), AuditReader.MAPPER);
			for (AuditEntry entry : entries) {
				chainSeq++;
				String entryHash = HashChain.entryHash(entry);
				chainHash = HashChain.link(chainHash, entryHash);
				this.jdbc.update("""
						update audit_entry set chain_seq = :chainSeq, entry_hash = :entryHash, chain_hash = :chainHash
						where seq = :seq and chain_seq is null
						""",
						new MapSqlParameterSource().addValue("chainSeq", chainSeq)
							.addValue("entryHash", entryHash)
							.addValue("chainHash", chainHash)
							.addValue("seq", entry.seq()));
			}
			if (!entries.isEmpty()) {
				this.jdbc.update(
						"update audit_chain_state set last_chain_seq = :chainSeq, last_chain_hash = :chainHash where id = 1",
						new MapSqlParameterSource().addValue("chainSeq", chainSeq).addValue("chainHash", chainHash));
			}
			return entries.size();
		});
	}

}
