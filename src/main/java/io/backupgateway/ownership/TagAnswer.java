package io.backupgateway.ownership;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One project's tags, as one read found them: the instances they grant, keyed by id, and
 * the tags that grant nothing. A read replaces the project's answer whole, so a removed
 * or changed tag loses its grant at the next read.
 *
 * @param granted the instances granted by a tag, by id
 * @param ignored the tags that grant nothing
 * @param readAt when the read that found them began
 */
record TagAnswer(Map<String, OwnedInstance> granted, List<IgnoredTag> ignored, Instant readAt) {

	TagAnswer {
		granted = Map.copyOf(granted);
		ignored = List.copyOf(ignored);
	}

	long ignored(IgnoredTag.Reason reason) {
		return this.ignored.stream().filter((tag) -> tag.reason() == reason).count();
	}

}
