package io.backupgateway.ownership;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Who owns an instance (docs/design.md 4.1): the configuration first, whatever the tags
 * say; then, when {@code gateway.ownership.tag-key} is set, the cloud's tags. An instance
 * this replica does not know makes the tags be read again (at most once per
 * {@code miss-refresh} per project) before the answer; one the tags may grant but that
 * cannot be told, because a project's answer is older than {@code max-staleness}, is
 * {@link OwnershipUnavailable}.
 */
@Component
public class Ownership {

	private final ConfiguredOwners configured;

	private final TagReads tags;

	Ownership(ConfiguredOwners configured, TagReads tags, MeterRegistry meters) {
		this.configured = configured;
		this.tags = tags;
		registerMeters(meters);
	}

	/**
	 * The instance, when it belongs to the team.
	 * @param team a configured or unconfigured team's name, already valid
	 * @param instanceId the instance's id, already valid
	 * @return the instance and how it was granted; empty when it is not the team's
	 * @throws OwnershipUnavailable when only the tags could grant it and they are too old
	 */
	public Optional<OwnedInstance> owner(String team, String instanceId) {
		OwnedInstance configuredOwner = this.configured.get(instanceId);
		if (configuredOwner != null) {
			return configuredOwner.team().equals(team) ? Optional.of(configuredOwner) : Optional.empty();
		}
		if (!this.tags.enabled()) {
			return Optional.empty();
		}
		Optional<OwnedInstance> granted = tagged(instanceId);
		if (granted.isEmpty() || !granted.get().team().equals(team)) {
			this.tags.readAll(TagReads.Trigger.MISS);
			granted = tagged(instanceId);
		}
		if (granted.isPresent()) {
			return granted.get().team().equals(team) ? granted : Optional.empty();
		}
		if (this.tags.anyUnusable()) {
			throw new OwnershipUnavailable(instanceId);
		}
		return Optional.empty();
	}

	/**
	 * The team's instances: the configured ones and those granted by a usable tag answer.
	 * @param team the team's name
	 * @return the instances, sorted by id
	 */
	public List<OwnedInstance> instancesOf(String team) {
		List<OwnedInstance> all = new ArrayList<>();
		this.configured.all().values().stream().filter((instance) -> instance.team().equals(team)).forEach(all::add);
		this.tags.usable()
			.values()
			.forEach((answer) -> answer.granted()
				.values()
				.stream()
				.filter((instance) -> instance.team().equals(team))
				.forEach(all::add));
		all.sort(Comparator.comparing(OwnedInstance::instanceId));
		return all;
	}

	/** Reads every project's tags now (the schedule, or a test that must not wait). */
	public void refresh() {
		this.tags.readAll(TagReads.Trigger.SCHEDULE);
	}

	private Optional<OwnedInstance> tagged(String instanceId) {
		return this.tags.usable()
			.values()
			.stream()
			.map((answer) -> answer.granted().get(instanceId))
			.filter(java.util.Objects::nonNull)
			.findFirst();
	}

	private void registerMeters(MeterRegistry meters) {
		Gauge.builder("gateway.ownership.instances", this.configured, (owners) -> owners.all().size())
			.description("instances granted to a team, by source")
			.tag("source", Grant.CONFIGURATION.value())
			.register(meters);
		Gauge
			.builder("gateway.ownership.instances", this.tags,
					(reads) -> reads.usable().values().stream().mapToInt((answer) -> answer.granted().size()).sum())
			.description("instances granted to a team, by source")
			.tag("source", Grant.TAG.value())
			.register(meters);
		for (IgnoredTag.Reason reason : IgnoredTag.Reason.values()) {
			Gauge
				.builder("gateway.ownership.tags.ignored", this.tags,
						(reads) -> reads.projects()
							.stream()
							.map(ProjectTags::answer)
							.filter(java.util.Objects::nonNull)
							.mapToLong((answer) -> answer.ignored(reason))
							.sum())
				.description("tags that grant nothing in the last answers, by reason")
				.tag("reason", reason.tag())
				.register(meters);
		}
		Gauge.builder("gateway.ownership.answer.age", this.tags, Ownership::oldestAnswerSeconds)
			.description("age of the oldest project's last good tag answer (since startup when never read)")
			.baseUnit("seconds")
			.register(meters);
	}

	static double oldestAnswerSeconds(TagReads reads) {
		if (!reads.enabled()) {
			return 0;
		}
		Instant now = reads.now();
		long oldest = 0;
		for (ProjectTags project : reads.projects()) {
			TagAnswer answer = project.answer();
			Instant readAt = (answer != null) ? answer.readAt() : reads.since();
			oldest = Math.max(oldest, Duration.between(readAt, now).toMillis());
		}
		return oldest / 1000.0;
	}

}
