package io.backupgateway.ownership;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * {@code ownership} in {@code /actuator/health} (docs/design.md 4.1): per project, the
 * last good tag answer's age and the last read. {@code DEGRADED} when a project's last
 * read failed or its answer is older than twice the refresh interval: instances known
 * only from tags fail with {@code ownership-unavailable} once it passes
 * {@code max-staleness}. Never part of readiness: configured instances keep working.
 */
@Component
class OwnershipHealthIndicator extends AbstractHealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "a project's tags could not be read recently");

	private final TagReads tags;

	OwnershipHealthIndicator(TagReads tags) {
		super("Ownership health check failed");
		this.tags = tags;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (!this.tags.enabled()) {
			builder.up().withDetail("tags", "off: gateway.ownership.tag-key is unset, the configuration alone grants");
			return;
		}
		Instant now = this.tags.now();
		Duration stale = this.tags.settings().refreshInterval().multipliedBy(2);
		boolean degraded = false;
		for (ProjectTags project : this.tags.projects()) {
			Map<String, Object> detail = new LinkedHashMap<>();
			TagAnswer answer = project.answer();
			ProjectTags.Attempt last = project.last();
			if (answer != null) {
				detail.put("answer_read_at", answer.readAt().toString());
				detail.put("instances_granted", answer.granted().size());
				detail.put("tags_ignored", answer.ignored().size());
				boolean usable = project.usable(now, this.tags.settings().maxStaleness()) != null;
				detail.put("answer", usable ? "usable" : "past max-staleness");
				degraded |= answer.readAt().plus(stale).isBefore(now);
			}
			else {
				detail.put("answer", "none yet");
			}
			if (last != null) {
				detail.put("last_read", last.at().toString());
				detail.put("last_read_result", last.succeeded() ? "success" : "failure");
				if (!last.succeeded()) {
					detail.put("last_failure", last.failure());
					degraded = true;
				}
			}
			builder.withDetail(project.project, detail);
		}
		if (degraded) {
			builder.status(DEGRADED);
		}
		else {
			builder.up();
		}
	}

}
