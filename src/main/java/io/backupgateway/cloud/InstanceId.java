package io.backupgateway.cloud;

/**
 * A GeminiDB instance id: ASCII letters and digits only, 1 to 64 characters (DESIGN 3.1).
 * The upstream format ({@code 32 hex + in06}) is not a documented contract, so the check
 * is deliberately loose, but strict enough that the id can never change the shape of an
 * upstream URL (invariant 5).
 *
 * @param value the id
 */
public record InstanceId(String value) {

	private static final java.util.regex.Pattern SYNTAX = java.util.regex.Pattern.compile("[A-Za-z0-9]{1,64}");

	public InstanceId {
		if (!isValid(value)) {
			throw new IllegalArgumentException("not an instance id");
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
