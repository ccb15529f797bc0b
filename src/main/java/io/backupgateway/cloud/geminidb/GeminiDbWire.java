package io.backupgateway.cloud.geminidb;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.backupgateway.cloud.Backup;
import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.Job;
import io.backupgateway.cloud.TaggedInstance;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads GeminiDB's job and backup lists. Lenient where the cloud's documentation is
 * (docs/cloud-api.md): timestamps come as {@code 2023-09-12T06:44:01+0000} as well as
 * ISO-8601.
 */
public final class GeminiDbWire {

	private static final DateTimeFormatter OFFSET_WITHOUT_COLON = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

	private final JsonMapper json;

	public GeminiDbWire(JsonMapper json) {
		this.json = json;
	}

	public Optional<Job> job(UpstreamAnswer answer, String jobId) {
		for (JsonNode job : tree(answer).path("jobs")) {
			if (jobId.equals(text(job, "id"))) {
				return Optional.of(job(job, jobId));
			}
		}
		return Optional.empty();
	}

	/**
	 * One page of a project's job list.
	 * @param answer the cloud's answer
	 * @return the page: its jobs, how many it listed, and the list's total
	 */
	public Page<Job> jobs(UpstreamAnswer answer) {
		JsonNode tree = tree(answer);
		List<Job> jobs = new ArrayList<>();
		int listed = 0;
		for (JsonNode job : tree.path("jobs")) {
			listed++;
			String id = text(job, "id");
			if (id != null) {
				jobs.add(job(job, id));
			}
		}
		return new Page<>(jobs, listed, tree.path("total_count").asInt(listed));
	}

	private Job job(JsonNode job, String id) {
		String status = text(job, "status");
		return new Job(id, (status != null) ? status : "Running", text(job, "progress"), text(job, "fail_reason"),
				time(text(job, "start_time")), time(text(job, "end_time")), text(job.path("instance"), "id"));
	}

	public List<Backup> backups(UpstreamAnswer answer) {
		List<Backup> backups = new ArrayList<>();
		for (JsonNode backup : tree(answer).path("backups")) {
			String id = text(backup, "id");
			String name = text(backup, "name");
			if (id != null && name != null) {
				String status = text(backup, "status");
				JsonNode size = backup.get("size");
				backups.add(new Backup(id, name, (status != null) ? status : "BUILDING",
						time(text(backup, "begin_time")), text(backup, "description"), text(backup, "instance_id"),
						text(backup, "type"), (size != null && size.isNumber()) ? size.doubleValue() : null,
						time(text(backup, "end_time"))));
			}
		}
		return backups;
	}

	/**
	 * One page of the instances that carry a tag key: those whose tag list has the key,
	 * with its value.
	 * @param answer the cloud's answer
	 * @param tagKey the key asked for
	 * @return the page
	 */
	public Page<TaggedInstance> taggedInstances(UpstreamAnswer answer, String tagKey) {
		List<TaggedInstance> tagged = new ArrayList<>();
		int listed = 0;
		for (JsonNode instance : tree(answer).path("instances")) {
			listed++;
			String id = text(instance, "instance_id");
			if (id == null) {
				continue;
			}
			for (JsonNode tag : instance.path("tags")) {
				if (tagKey.equals(text(tag, "key"))) {
					String value = text(tag, "value");
					String name = text(instance, "instance_name");
					tagged.add(new TaggedInstance(id, (name != null) ? name : id, (value != null) ? value : ""));
				}
			}
		}
		return new Page<>(tagged, listed);
	}

	/**
	 * One page of a project's instances: their ids.
	 * @param answer the cloud's answer
	 * @return the page
	 */
	public Page<String> instanceIds(UpstreamAnswer answer) {
		List<String> ids = new ArrayList<>();
		int listed = 0;
		for (JsonNode instance : tree(answer).path("instances")) {
			listed++;
			String id = text(instance, "id");
			if (id != null) {
				ids.add(id);
			}
		}
		return new Page<>(ids, listed);
	}

	/**
	 * A page of a list the cloud answers in pages.
	 *
	 * @param <T> what it holds
	 * @param items what the gateway kept of it
	 * @param listed how many the cloud listed on it: a page shorter than asked for is the
	 * last
	 * @param total the list's {@code total_count} when the cloud gives one, else -1
	 */
	public record Page<T>(List<T> items, int listed, int total) {

		public Page(List<T> items, int listed) {
			this(items, listed, -1);
		}

	}

	private JsonNode tree(UpstreamAnswer answer) {
		try {
			return this.json.readTree(answer.body());
		}
		catch (JacksonException ex) {
			throw new CloudFailure(CloudFailure.Kind.ERROR, "The cloud's answer could not be read.");
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString() && !value.stringValue().isEmpty()) ? value.stringValue() : null;
	}

	static @Nullable Instant time(@Nullable String text) {
		if (text == null) {
			return null;
		}
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			try {
				return OffsetDateTime.parse(text, OFFSET_WITHOUT_COLON).toInstant();
			}
			catch (DateTimeParseException again) {
				return null;
			}
		}
	}

}
