package io.backupgateway.ownership;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import io.backupgateway.cloud.GeminiDb;
import io.backupgateway.cloud.TaggedInstance;
import io.backupgateway.config.CloudSettings;
import io.backupgateway.config.OwnershipSettings;
import io.backupgateway.config.TeamTable;
import io.backupgateway.web.LogText;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Reads every configured project's tags on this replica and keeps each project's answer
 * (docs/design.md 4.1): on schedule, and on a miss at most once per
 * {@code gateway.ownership.miss-refresh}; requests that need a read in flight wait on it
 * rather than start another. Each replica reads for itself: the answer lives in memory,
 * costs a few calls per project, and a replica that cannot reach the cloud knows its own
 * answer's age.
 */
@Component
class TagReads {

	private static final Logger log = LoggerFactory.getLogger(TagReads.class);

	/** Why a project's tags are read. */
	enum Trigger {

		SCHEDULE, MISS;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	private final GeminiDb geminiDb;

	private final OwnershipSettings settings;

	private final Clock clock;

	private final TagRules rules;

	private final Map<String, ProjectTags> projects = new LinkedHashMap<>();

	private final MeterRegistry meters;

	private final Instant since;

	TagReads(GeminiDb geminiDb, OwnershipSettings settings, CloudSettings cloud, TeamTable teams,
			ConfiguredOwners configured, MeterRegistry meters, Clock clock) {
		this.geminiDb = geminiDb;
		this.settings = settings;
		this.clock = clock;
		this.meters = meters;
		this.since = clock.instant();
		this.rules = new TagRules(configured.all(), teams.names());
		cloud.projects().forEach((name, project) -> this.projects.put(name, new ProjectTags(name, project.id())));
	}

	boolean enabled() {
		return this.settings.enabled();
	}

	OwnershipSettings settings() {
		return this.settings;
	}

	Instant now() {
		return this.clock.instant();
	}

	/** When this replica began to need answers: the age of a project never read. */
	Instant since() {
		return this.since;
	}

	List<ProjectTags> projects() {
		return List.copyOf(this.projects.values());
	}

	/**
	 * Reads every project, each at most once at a time.
	 * @param trigger why
	 */
	void readAll(Trigger trigger) {
		if (!enabled()) {
			return;
		}
		for (ProjectTags project : this.projects.values()) {
			read(project, trigger);
		}
	}

	private void read(ProjectTags project, Trigger trigger) {
		Duration notBefore = (trigger == Trigger.MISS) ? this.settings.missRefresh() : null;
		ProjectTags.Start start = project.start(this.clock.instant(), notBefore);
		CompletableFuture<Void> inFlight = start.inFlight();
		if (inFlight != null) {
			inFlight.join();
			return;
		}
		CompletableFuture<Void> run = start.run();
		if (run == null) {
			return;
		}
		Instant at = this.clock.instant();
		TagAnswer found = null;
		String failure = null;
		try {
			List<TaggedInstance> tagged = this.geminiDb.instancesTagged(project.projectId,
					java.util.Objects.requireNonNull(this.settings.tagKey()));
			Set<String> cassandra = tagged.isEmpty() ? Set.of() : this.geminiDb.cassandraInstanceIds(project.projectId);
			found = this.rules.apply(project.project, project.projectId, tagged, cassandra, at);
			logIgnored(project, found);
		}
		catch (RuntimeException ex) {
			failure = (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
			log.warn("Could not read the tags of project {} ({}); its last good answer is kept for up to {}",
					project.project, LogText.text(failure), this.settings.maxStaleness());
		}
		finally {
			project.finish(run, new ProjectTags.Attempt(at, failure), found);
			count(project, trigger, failure == null);
		}
	}

	/** Once per read, whatever the number of requests: what grants nothing, and why. */
	private void logIgnored(ProjectTags project, TagAnswer answer) {
		if (answer.ignored().isEmpty()) {
			log.debug("Project {}: tags grant {} instance(s)", project.project, answer.granted().size());
			return;
		}
		List<String> ignored = new ArrayList<>();
		for (IgnoredTag tag : answer.ignored()) {
			ignored.add(LogText.of(tag.instanceId()) + " (" + this.settings.tagKey() + "=" + LogText.of(tag.tagValue())
					+ ": " + tag.reason().tag() + ")");
		}
		log.warn("Project {}: tags grant {} instance(s); {} tag(s) grant nothing: {}", project.project,
				answer.granted().size(), ignored.size(), ignored.stream().collect(Collectors.joining(", ")));
	}

	private void count(ProjectTags project, Trigger trigger, boolean succeeded) {
		Counter.builder("gateway.ownership.refreshes")
			.description("reads of a project's tags, by project, trigger and result")
			.tag("project", project.project)
			.tag("trigger", trigger.tag())
			.tag("result", succeeded ? "success" : "failure")
			.register(this.meters)
			.increment();
	}

	/**
	 * The answers that may be used now.
	 * @return by project name; projects without a usable answer are missing
	 */
	Map<String, TagAnswer> usable() {
		Instant now = this.clock.instant();
		Map<String, TagAnswer> usable = new LinkedHashMap<>();
		this.projects.forEach((name, project) -> {
			TagAnswer answer = project.usable(now, this.settings.maxStaleness());
			if (answer != null) {
				usable.put(name, answer);
			}
		});
		return usable;
	}

	/** Whether some project has no usable answer: an unknown instance may be its. */
	boolean anyUnusable() {
		return usable().size() < this.projects.size();
	}

	/** The project whose last answer (usable or not) grants the instance, if any. */
	@Nullable OwnedInstance lastGranted(String instanceId) {
		for (ProjectTags project : this.projects.values()) {
			TagAnswer answer = project.answer();
			if (answer != null && answer.granted().containsKey(instanceId)) {
				return answer.granted().get(instanceId);
			}
		}
		return null;
	}

}
