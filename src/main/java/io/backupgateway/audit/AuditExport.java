package io.backupgateway.audit;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The two export formats (DESIGN 3.4). CSV: a header row with the members of 3.3 in
 * order, RFC 4180 quoting, empty cells for null, and cells a spreadsheet would run as a
 * formula prefixed with {@code '}. NDJSON: one entry per line, with the chain's members
 * added so an auditor can verify the chain offline.
 */
final class AuditExport {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private AuditExport() {
	}

	static String csvHeader() {
		return String.join(",", AuditEntry.FIELDS) + "\r\n";
	}

	static String csvRow(AuditEntry entry) {
		StringBuilder row = new StringBuilder(256);
		@Nullable String[] values = entry.values();
		for (int i = 0; i < values.length; i++) {
			if (i > 0) {
				row.append(',');
			}
			row.append(csvCell(values[i]));
		}
		return row.append("\r\n").toString();
	}

	static String csvCell(@Nullable String value) {
		if (value == null || value.isEmpty()) {
			return "";
		}
		String cell = value;
		char first = cell.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
			cell = "'" + cell;
		}
		if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\r') >= 0 || cell.indexOf('\n') >= 0) {
			cell = '"' + cell.replace("\"", "\"\"") + '"';
		}
		return cell;
	}

	static String ndjsonLine(AuditEntry entry) {
		Map<String, @Nullable Object> line = new LinkedHashMap<>();
		@Nullable String[] values = entry.values();
		for (int i = 0; i < AuditEntry.FIELDS.length; i++) {
			line.put(AuditEntry.FIELDS[i], values[i]);
		}
		line.put("http_status", entry.httpStatus());
		line.put("upstream_status", entry.upstreamStatus());
		line.put("duration_ms", entry.durationMs());
		line.put("chain_seq", entry.chainSeq());
		line.put("entry_hash", entry.entryHash());
		line.put("chain_hash", entry.chainHash());
		return JSON.writeValueAsString(line) + "\n";
	}

}
