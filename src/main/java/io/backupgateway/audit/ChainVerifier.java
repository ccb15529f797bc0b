package io.backupgateway.audit;

import java.sql.ResultSet;
import java.util.Map;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recomputes the integrity chain from the stored entries and names the first entry whose
 * content, position or link does not match (DESIGN section 6).
 */
@Component
class ChainVerifier {

	private final NamedParameterJdbcTemplate streaming;

	private final NamedParameterJdbcTemplate jdbc;

	private final TransactionTemplate readOnly;

	ChainVerifier(DataSource dataSource, PlatformTransactionManager transactions) {
		JdbcTemplate fetching = new JdbcTemplate(dataSource);
		fetching.setFetchSize(1000);
		this.streaming = new NamedParameterJdbcTemplate(fetching);
		this.jdbc = new NamedParameterJdbcTemplate(dataSource);
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	ChainReport verify() {
		return this.readOnly.execute((status) -> {
			Map<String, Object> head = this.jdbc.queryForMap(
					"select last_chain_seq, last_chain_hash from audit_chain_state where id = 1",
					new MapSqlParameterSource());
			Walk walk = new Walk();
			this.streaming.query("select " + AuditReader.RAW_COLUMNS
					+ " from audit_entry e where e.chain_seq is not null" + " order by e.chain_seq",
					new MapSqlParameterSource(), (ResultSet rs) -> {
						if (walk.firstBroken == null) {
							walk.check(AuditReader.MAPPER.mapRow(rs, 0));
						}
					});
			Long unsealed = this.jdbc.queryForObject(
					"select count(*) from audit_entry where chain_seq is null and outcome <> 'pending'",
					new MapSqlParameterSource(), Long.class);
			long unsealedCount = (unsealed != null) ? unsealed : 0;
			if (walk.firstBroken != null) {
				return ChainReport.broken(walk.checked, walk.firstBroken, walk.reason, unsealedCount);
			}
			long headSeq = ((Number) head.get("last_chain_seq")).longValue();
			String headHash = ((String) head.get("last_chain_hash")).trim();
			if (walk.expectedSeq - 1 != headSeq || !walk.previousHash.equals(headHash)) {
				return ChainReport.broken(walk.checked, null,
						"the chain ends at entry " + (walk.expectedSeq - 1) + " but its head says " + headSeq,
						unsealedCount);
			}
			return ChainReport.intact(walk.checked, unsealedCount);
		});
	}

	private static final class Walk {

		long expectedSeq = 1;

		long checked;

		String previousHash = HashChain.GENESIS;

		@Nullable String firstBroken;

		@Nullable String reason;

		void check(AuditEntry entry) {
			this.checked++;
			if (entry.chainSeq() == null || entry.chainSeq() != this.expectedSeq) {
				fail(entry, "an entry before it is missing from the chain");
				return;
			}
			String entryHash = HashChain.entryHash(entry);
			if (!entryHash.equals(trim(entry.entryHash()))) {
				fail(entry, "its content differs from what was sealed");
				return;
			}
			String chainHash = HashChain.link(this.previousHash, entryHash);
			if (!chainHash.equals(trim(entry.chainHash()))) {
				fail(entry, "its link to the previous entry does not match");
				return;
			}
			this.previousHash = chainHash;
			this.expectedSeq++;
		}

		private void fail(AuditEntry entry, String why) {
			this.firstBroken = entry.auditId();
			this.reason = why;
		}

		private static @Nullable String trim(@Nullable String hash) {
			return (hash != null) ? hash.trim() : null;
		}

	}

}
