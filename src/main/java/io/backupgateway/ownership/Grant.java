package io.backupgateway.ownership;

/**
 * Which source granted an instance to a team: the audit entry's {@code grant} and the
 * team instance list's {@code source} (docs/design.md 4.1).
 */
public enum Grant {

	/** Listed under {@code gateway.teams.<team>.instances}. */
	CONFIGURATION("configuration"),

	/** Carries the tag {@code gateway.ownership.tag-key} with the team's name. */
	TAG("tag");

	private final String value;

	Grant(String value) {
		this.value = value;
	}

	/** The value callers and auditors see. */
	public String value() {
		return this.value;
	}

}
