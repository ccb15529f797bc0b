package io.backupgateway.audit.review;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

import io.backupgateway.audit.entry.AuditEntry;
import io.backupgateway.failure.GatewayFailure.FieldError;

/**
 * The opaque keyset cursor of {@code GET /v1/audit}: the position (occurred_at, seq) of
 * the last entry of a page. The next page holds the entries strictly older, so an entry
 * inserted meanwhile can neither be repeated nor push another one out of the walk.
 *
 * @param occurredAt the last entry's time
 * @param seq the last entry's sequence number
 */
record AuditCursor(OffsetDateTime occurredAt, long seq) {

	private static final String VERSION = "v1";

	static AuditCursor after(AuditEntry entry) {
		return new AuditCursor(entry.occurredAtValue(), entry.seq());
	}

	String encode() {
		long micros = ChronoUnit.MICROS.between(Instant.EPOCH, this.occurredAt.toInstant());
		String raw = VERSION + ":" + micros + ":" + this.seq;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.US_ASCII));
	}

	static AuditCursor decode(String cursor) {
		try {
			String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
			String[] parts = raw.split(":");
			if (parts.length != 3 || !VERSION.equals(parts[0])) {
				throw invalid();
			}
			Instant at = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
			long seq = Long.parseLong(parts[2]);
			if (seq < 0) {
				throw invalid();
			}
			return new AuditCursor(at.atOffset(ZoneOffset.UTC), seq);
		}
		catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException ex) {
			throw invalid();
		}
	}

	private static InvalidAuditQuery invalid() {
		return (InvalidAuditQuery) new InvalidAuditQuery("The cursor is not one this gateway issued.")
			.withErrors(java.util.List.of(new FieldError("cursor", "is not a valid cursor")));
	}

}
