package io.backupgateway.access;

/**
 * A team name: {@code ^[a-z][a-z0-9-]{1,62}$} (DESIGN 3.1).
 *
 * @param value the name
 */
public record TeamName(String value) {

	private static final java.util.regex.Pattern SYNTAX = java.util.regex.Pattern.compile("[a-z][a-z0-9-]{1,62}");

	public TeamName {
		if (!isValid(value)) {
			throw new IllegalArgumentException("not a team name");
		}
	}

	public static boolean isValid(String value) {
		return value != null && SYNTAX.matcher(value).matches();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
