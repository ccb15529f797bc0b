package io.backupgateway.ownership;

/**
 * A tagged instance that grants nothing, and why (docs/design.md 4.1).
 *
 * @param instanceId the instance, as the cloud lists it
 * @param tagValue the tag's value
 * @param reason why it grants nothing
 */
record IgnoredTag(String instanceId, String tagValue, Reason reason) {

	enum Reason {

		/** The value names no configured team. */
		UNKNOWN_TEAM("unknown-team"),

		/** The instance is configured to another team, which keeps it. */
		CONFLICT("conflicts-with-configuration"),

		/** Not a GeminiDB Cassandra instance: nothing the gateway backs up. */
		NOT_CASSANDRA("not-cassandra"),

		/** An id the gateway would never accept in a path. */
		INVALID_INSTANCE_ID("invalid-instance-id");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		/** The meter's tag value. */
		String tag() {
			return this.tag;
		}

	}

}
