package io.backupgateway.ownership;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Reads every project's tags on this replica every
 * {@code gateway.ownership.refresh-interval}, the first time at startup, so that a
 * request seldom waits on a read (docs/design.md 4.1).
 */
@Component
class OwnershipRefresher {

	private final TagReads tags;

	OwnershipRefresher(TagReads tags) {
		this.tags = tags;
	}

	@Scheduled(fixedDelayString = "${gateway.ownership.refresh-interval:5m}", initialDelay = 0)
	void refresh() {
		this.tags.readAll(TagReads.Trigger.SCHEDULE);
	}

}
