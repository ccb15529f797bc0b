package io.backupgateway.audit.review;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** Entry ids as callers write them, for the API and the console alike. */
final class AuditIds {

	private AuditIds() {
	}

	/**
	 * Only the canonical form of a UUID names an entry (in either case); anything else
	 * names none, so a malformed id is an entry not found, never an error.
	 */
	static Optional<UUID> parse(String text) {
		try {
			UUID id = UUID.fromString(text);
			return id.toString().equals(text.toLowerCase(Locale.ROOT)) ? Optional.of(id) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
