package io.backupgateway.config;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A team name: {@code ^[a-z][a-z0-9-]{1,62}$} (docs/design.md 3.1). It is a path segment
 * and a key of {@code gateway.teams}, so the configuration, the access checks and the
 * audit filters all read its syntax from here.
 *
 * @param value the name
 */
public record TeamName(String value) {

	/** The syntax, as a regular expression over the whole name. */
	public static final String PATTERN = "[a-z][a-z0-9-]{1,62}";

	/** The syntax in words a caller can act on. */
	public static final String RULE = "must be 2 to 63 characters: a lowercase letter, then lowercase letters, digits or '-'";

	private static final Pattern SYNTAX = Pattern.compile(PATTERN);

	public TeamName {
		if (!isValid(value)) {
			throw new IllegalArgumentException("not a team name");
		}
	}

	public static boolean isValid(@Nullable String value) {
		return value != null && SYNTAX.matcher(value).matches();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
