package io.backupgateway.audit.review;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.backupgateway.audit.chain.AuditDigest;
import io.backupgateway.audit.chain.DigestSigner;
import io.backupgateway.audit.entry.AuditColumns;
import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.audit.entry.LongReads;
import io.backupgateway.failure.GatewayFailure.FieldError;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StreamUtils;

/**
 * An evidence bundle for a time range (docs/design.md 3.7): a zip an auditor can check
 * with nothing but Python and the bundle. The chain is verified from a signed digest, so
 * the bundle holds a stretch of the chain that starts at a digest before the range's
 * first sealed entry (or at the chain's start) and ends at a digest at or after its last
 * one (signed now when there is none yet), every entry of that stretch, the range's
 * entries not sealed yet, both digests, their public keys, the offline verifier and how
 * to run it.
 */
@Component
class EvidenceBundles {

	private final JdbcClient jdbc;

	private final TransactionTemplate snapshot;

	private final DigestSigner signer;

	private final JsonMapper json;

	EvidenceBundles(LongReads reads, DigestSigner signer, JsonMapper json) {
		this.jdbc = reads.jdbc();
		this.snapshot = reads.snapshot();
		this.signer = signer;
		this.json = json;
	}

	/**
	 * Writes the bundle of the entries that occurred in {@code [from, to)}.
	 * @param range the filter, with only {@code from} and {@code to}
	 * @param response where the zip goes
	 * @throws io.backupgateway.failure.GatewayFailure {@code invalid-request} without a
	 * range, or for a range in which nothing was sealed
	 */
	void write(AuditFilter range, HttpServletResponse response) throws IOException {
		OffsetDateTime from = range.from();
		OffsetDateTime to = range.to();
		if (from == null || to == null || !from.isBefore(to)) {
			throw new InvalidAuditQuery("An evidence bundle needs a range: from before to.").withErrors(
					List.of(new FieldError("from", "must be set, before to"), new FieldError("to", "must be set")));
		}
		Bounds bounds = this.jdbc
			.sql("select min(chain_seq) as low, max(chain_seq) as high from audit_entry"
					+ " where occurred_at >= :from and occurred_at < :to and chain_seq is not null")
			.param("from", from)
			.param("to", to)
			.query((rs, row) -> new Bounds(rs.getLong("low"), rs.getLong("high"), rs.wasNull()))
			.single();
		if (bounds.none()) {
			throw new InvalidAuditQuery("No entry of the trail in this range is sealed yet: nothing to vouch for.")
				.withErrors(List.of(new FieldError("from", "no sealed entry from here to 'to'")));
		}
		AuditDigest start = this.signer.lastBefore(bounds.low()).orElse(null);
		AuditDigest end = this.signer.firstCovering(bounds.high()).orElseGet(this.signer::signNow);
		long startSeq = (start != null) ? start.chainSeq() : 0;

		response.setStatus(200);
		response.setContentType("application/zip");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-evidence-"
				+ AuditEntry.format(from).substring(0, 10) + "-" + AuditEntry.format(to).substring(0, 10) + ".zip\"");
		try (ZipOutputStream zip = new ZipOutputStream(response.getOutputStream(), StandardCharsets.UTF_8)) {
			zip.putNextEntry(new ZipEntry("audit.ndjson"));
			writeEntries(zip, startSeq, end.chainSeq(), from, to);
			zip.closeEntry();
			text(zip, "digest-end.json", this.json.writeValueAsString(end) + "\n");
			text(zip, "digest-end-key.pem", keyOf(end));
			if (start != null) {
				text(zip, "digest-start.json", this.json.writeValueAsString(start) + "\n");
				text(zip, "digest-start-key.pem", keyOf(start));
			}
			try (InputStream verifier = new ClassPathResource("evidence/verify_audit_export.py").getInputStream()) {
				zip.putNextEntry(new ZipEntry("verify_audit_export.py"));
				StreamUtils.copy(verifier, zip);
				zip.closeEntry();
			}
			text(zip, "README.txt", readme(from, to, start, end));
		}
	}

	private void writeEntries(OutputStream zip, long afterSeq, long upToSeq, OffsetDateTime from, OffsetDateTime to) {
		this.snapshot.executeWithoutResult((status) -> this.jdbc
			.sql("select " + AuditColumns.JOINED_WITH_LATEST_JOB_STATUS
					+ " where (e.chain_seq > :after and e.chain_seq <= :upTo)"
					+ " or (e.chain_seq is null and e.occurred_at >= :from and e.occurred_at < :to)"
					+ " order by e.chain_seq nulls last, e.seq")
			.param("after", afterSeq)
			.param("upTo", upToSeq)
			.param("from", from)
			.param("to", to)
			.withFetchSize(2000)
			.query((ResultSet rs) -> {
				try {
					zip.write(
							AuditExport.ndjsonLine(AuditColumns.MAPPER.mapRow(rs, 0)).getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}));
	}

	private String keyOf(AuditDigest digest) {
		return this.signer.publicKeyPem(digest.keyId())
			.orElseThrow(() -> new IllegalStateException("no public key kept for key " + digest.keyId()));
	}

	private static void text(ZipOutputStream zip, String name, String content) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(content.getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();
	}

	private static String readme(OffsetDateTime from, OffsetDateTime to, @Nullable AuditDigest start, AuditDigest end) {
		String fromDigest = (start != null)
				? " \\\n    --from-digest digest-start.json --from-public-key digest-start-key.pem" : "";
		return """
				Backup Gateway audit evidence
				=============================

				Entries that occurred from %s to %s (UTC, 'to' excluded), with the stretch of the
				integrity chain that holds them: chain positions %d to %d. Entries of other
				times inside that stretch are included, because the chain is checked link by
				link; entries of the range that are not sealed yet come last, outside the chain.

				  audit.ndjson            the entries, one JSON object per line (docs/audit.md)
				  digest-end.json         the signed digest of chain position %d (%s)
				  digest-end-key.pem      the Ed25519 public key it was signed with
				%s  verify_audit_export.py  the offline verifier (Python 3; the signature check
				                          needs the cryptography package)

				Check it (exit status 0 when intact):

				  python3 verify_audit_export.py audit.ndjson \\
				    --digest digest-end.json --public-key digest-end-key.pem%s

				Compare the public key with the one your organisation keeps for the gateway
				(GET /v1/audit/digest-key, key id %s): a bundle signed with another key proves
				nothing. "intact" means every entry's hash and link is the one the digests
				signed, so nothing in the stretch was changed, removed or inserted since.
				""".formatted(AuditEntry.format(from), AuditEntry.format(to),
				(start != null) ? start.chainSeq() + 1 : 1, end.chainSeq(), end.chainSeq(), end.signedAt(),
				(start != null) ? "  digest-start.json       the signed digest where the stretch begins (position "
						+ start.chainSeq() + ")\n  digest-start-key.pem    its public key\n" : "",
				fromDigest, end.keyId());
	}

	private record Bounds(long low, long high, boolean none) {
	}

}
