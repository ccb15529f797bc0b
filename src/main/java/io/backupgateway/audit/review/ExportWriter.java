package io.backupgateway.audit.review;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backupgateway.access.Caller;
import io.backupgateway.failure.GatewayFailure.FieldError;
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

	/**
	 * Answers an export request: the filter and format from its parameters, the caller's
	 * export slot held while it streams.
	 * @return how the stream ended: at its deadline, the adapter cuts the connection, so
	 * the client does not take a cut export for a whole one
	 * @throws InvalidAuditQuery when the filter or the format is not acceptable
	 */
	static AuditStream.End export(AuditStream stream, ExportSlots slots, Caller caller,
			Map<String, String[]> parameters, HttpServletResponse response) throws IOException {
		AuditFilter filter = AuditFilter.parse(parameters, Set.of("format"));
		String format = AuditFilter.single(parameters, "format");
		if (!"csv".equals(format) && !"ndjson".equals(format)) {
			throw new InvalidAuditQuery("The export format is missing or unknown.")
				.withErrors(List.of(new FieldError("format", "must be csv or ndjson")));
		}
		Set<String> teams = AuditAccess.visibleTeams(caller, filter);
		String subject = String.valueOf(caller.subject());
		slots.acquire(subject);
		try {
			return write(stream, filter, teams, "csv".equals(format), response);
		}
		finally {
			slots.release(subject);
		}
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
