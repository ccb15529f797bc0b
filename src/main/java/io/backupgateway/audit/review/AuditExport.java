package io.backupgateway.audit.review;

import io.backupgateway.audit.entry.AuditEntry;
import org.jspecify.annotations.Nullable;

/**
 * The two export formats (docs/design.md 3.3, 3.4), both with the chain's members
 * ({@code chain_seq}, {@code entry_hash}, {@code chain_hash}) after the entry's, so that
 * either can be verified offline. CSV: a header row with the members in order, RFC 4180
 * quoting, an empty cell for null and {@code ""} for an empty text (the chain tells them
 * apart), and a cell a spreadsheet would run as a formula prefixed with {@code '}, as is
 * one that starts with {@code '} itself, so that exactly one leading {@code '} is always
 * the export's own. NDJSON: one entry per line.
 */
final class AuditExport {

	private AuditExport() {
	}

	static String csvHeader() {
		return String.join(",", AuditEntry.FIELDS) + ",chain_seq,entry_hash,chain_hash\r\n";
	}

	static String csvRow(AuditEntry entry) {
		StringBuilder row = new StringBuilder(256);
		@Nullable String[] values = entry.values();
		for (int i = 0; i < values.length; i++) {
			row.append(csvCell(values[i])).append(',');
		}
		row.append(csvCell((entry.chainSeq() != null) ? entry.chainSeq().toString() : null)).append(',');
		row.append(csvCell(entry.entryHash())).append(',');
		row.append(csvCell(entry.chainHash()));
		return row.append("\r\n").toString();
	}

	static String csvCell(@Nullable String value) {
		if (value == null) {
			return "";
		}
		if (value.isEmpty()) {
			return "\"\"";
		}
		String cell = value;
		char first = cell.charAt(0);
		if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r'
				|| first == '\'') {
			cell = "'" + cell;
		}
		if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\r') >= 0 || cell.indexOf('\n') >= 0) {
			cell = '"' + cell.replace("\"", "\"\"") + '"';
		}
		return cell;
	}

	/** Which of {@link AuditEntry#FIELDS} are numbers in JSON. */
	private static final boolean[] NUMBERS = numbers();

	private static boolean[] numbers() {
		boolean[] numbers = new boolean[AuditEntry.FIELDS.length];
		for (int i = 0; i < numbers.length; i++) {
			String field = AuditEntry.FIELDS[i];
			numbers[i] = "http_status".equals(field) || "upstream_status".equals(field) || "duration_ms".equals(field);
		}
		return numbers;
	}

	static String ndjsonLine(AuditEntry entry) {
		StringBuilder line = new StringBuilder(768).append('{');
		@Nullable String[] values = entry.values();
		for (int i = 0; i < AuditEntry.FIELDS.length; i++) {
			member(line, AuditEntry.FIELDS[i], values[i], NUMBERS[i]).append(',');
		}
		member(line, "chain_seq", (entry.chainSeq() != null) ? entry.chainSeq().toString() : null, true).append(',');
		member(line, "entry_hash", entry.entryHash(), false).append(',');
		member(line, "chain_hash", entry.chainHash(), false);
		return line.append("}\n").toString();
	}

	private static boolean needsEscaping(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == '"' || c == '\\' || c == 0x2028 || c == 0x2029) {
				return true;
			}
		}
		return false;
	}

	private static StringBuilder member(StringBuilder line, String name, @Nullable String value, boolean number) {
		line.append('"').append(name).append("\":");
		if (value == null) {
			return line.append("null");
		}
		if (number) {
			return line.append(value);
		}
		line.append('"');
		if (!needsEscaping(value)) {
			return line.append(value).append('"');
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> line.append("\\\"");
				case '\\' -> line.append("\\\\");
				case '\n' -> line.append("\\n");
				case '\r' -> line.append("\\r");
				case '\t' -> line.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						line.append(String.format("\\u%04x", (int) c));
					}
					else {
						line.append(c);
					}
				}
			}
		}
		return line.append('"');
	}

}
