package io.backupgateway.config;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A GeminiDB instance id: ASCII letters and digits only, 1 to 64 characters
 * (docs/design.md 3.1). The upstream format ({@code 32 hex + in06}) is not a documented
 * contract, so the check is deliberately loose, but strict enough that the id can never
 * change the shape of an upstream URL (invariant 5). The configuration, the access checks
 * and the cloud client all read its syntax from here.
 *
 * @param value the id
 */
public record InstanceId(String value) {

	/** The syntax, as a regular expression over the whole id. */
	public static final String PATTERN = "[A-Za-z0-9]{1,64}";

	/** The syntax in words a caller can act on. */
	public static final String RULE = "must be 1 to 64 ASCII letters and digits";

	private static final Pattern SYNTAX = Pattern.compile(PATTERN);

	public InstanceId {
		if (!isValid(value)) {
			throw new IllegalArgumentException("not an instance id");
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
