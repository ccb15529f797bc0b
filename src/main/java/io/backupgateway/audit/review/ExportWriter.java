package io.backupgateway.audit.review;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import io.backupgateway.audit.entry.AuditEntry;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;

/**
 * Writes an export as it is read (docs/audit.md "Exports"): for the API and for the audit
 * console alike, so a person downloads exactly what a machine does.
 */
final class ExportWriter {

	private static final Logger log = LoggerFactory.getLogger(ExportWriter.class);

	private ExportWriter() {
	}

	static AuditStream.End write(AuditStream stream, AuditFilter filter, @Nullable Set<String> teams, boolean csv,
			HttpServletResponse response) throws IOException {
		response.setStatus(200);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		response.setContentType(csv ? "text/csv" : "application/x-ndjson");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				"attachment; filename=\"audit." + (csv ? "csv" : "ndjson") + "\"");
		// a small buffer: a write blocked on a slow client returns often enough for the
		// export's deadline to be kept within a second or so at any sensible pace
		Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8),
				8 * 1024);
		long[] count = { 0 };
		try {
			if (csv) {
				out.write(AuditExport.csvHeader());
			}
			AuditStream.End end = stream.stream(filter, teams, (entry) -> {
				try {
					out.write(csv ? AuditExport.csvRow(entry) : AuditExport.ndjsonLine(entry));
					count[0]++;
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
			out.flush();
			if (end == AuditStream.End.DEADLINE) {
				log.info("Audit export ended after {} entries: it ran for gateway.audit.export-max-duration", count[0]);
			}
			return end;
		}
		catch (UncheckedIOException ex) {
			// the client went away mid-stream: nothing left to answer
			log.info("Audit export aborted by the client after {} entries", count[0]);
			return AuditStream.End.STOPPED;
		}
	}

}
