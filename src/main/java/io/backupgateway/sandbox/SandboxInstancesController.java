package io.backupgateway.sandbox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stand-in cloud's instance calls, as docs/cloud-api.md gives them: the instance list
 * ({@code datastore_type}, pages) and the instances by tag ({@code action: filter},
 * pages). {@code POST /sandbox/instances/{id}/tags} and {@code DELETE .../tags/{key}} tag
 * and untag an instance, as a platform team would in the cloud's console, so that a
 * newcomer can watch a grant appear and go. Only in the sandbox.
 */
@RestController
@Profile("sandbox")
class SandboxInstancesController {

	/**
	 * The cloud's rule for tag keys and values (docs/cloud-api.md, "Instances by tag").
	 */
	private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_-]{1,36}");

	private static final Pattern TAG_VALUE = Pattern.compile("[A-Za-z0-9_-]{0,43}");

	private final SandboxInstances instances;

	SandboxInstancesController(SandboxInstances instances) {
		this.instances = instances;
	}

	@GetMapping(path = "/sandbox/geminidb/v3/{project_id}/instances", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> list(@RequestParam(name = "datastore_type", required = false) String datastore,
			@RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "100") int limit) {
		List<SandboxInstances.Instance> matching = this.instances.all()
			.stream()
			.filter((instance) -> datastore == null || instance.datastore().equals(datastore))
			.toList();
		List<Map<String, Object>> page = matching.stream()
			.skip(offset)
			.limit(limit)
			.map((instance) -> Map.<String, Object>of("id", instance.id(), "name", instance.name(), "status", "normal",
					"datastore", Map.of("type", instance.datastore(), "version", "3.11")))
			.toList();
		return Map.of("instances", page, "total_count", matching.size());
	}

	@PostMapping(path = "/sandbox/geminidb/v3/{project_id}/instances/resource-instances/action",
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> byTag(@RequestBody Map<String, Object> query) {
		if (!"filter".equals(query.get("action")) || !(query.get("tags") instanceof List<?> tags)) {
			return ResponseEntity.badRequest()
				.body(Map.of("error_code", "DBS.200001", "error_msg", "Invalid parameter: action or tags."));
		}
		List<SandboxInstances.Instance> matching = this.instances.all()
			.stream()
			.filter((instance) -> tags.stream().allMatch((tag) -> matches(instance, tag)))
			.toList();
		int offset = number(query.get("offset"), 0);
		int limit = number(query.get("limit"), 100);
		List<Map<String, Object>> page = matching.stream()
			.skip(offset)
			.limit(limit)
			.map((instance) -> Map.<String, Object>of("instance_id", instance.id(), "instance_name", instance.name(),
					"tags",
					instance.tags()
						.entrySet()
						.stream()
						.map((t) -> Map.of("key", t.getKey(), "value", t.getValue()))
						.toList()))
			.toList();
		return ResponseEntity.ok(Map.of("instances", page, "total_count", matching.size()));
	}

	@PostMapping(path = "/sandbox/instances/{id}/tags", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> tag(@PathVariable String id, @RequestBody Map<String, String> tag) {
		String key = tag.getOrDefault("key", "");
		String value = tag.getOrDefault("value", "");
		if (!TAG_KEY.matcher(key).matches() || !TAG_VALUE.matcher(value).matches()) {
			return ResponseEntity.badRequest()
				.body(Map.of("error", "a tag is {\"key\": 1-36, \"value\": 0-43 letters, digits, '_' or '-'}"));
		}
		return this.instances.tag(id, key, value)
			.map((instance) -> ResponseEntity.ok(shown(instance)))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such instance")));
	}

	@DeleteMapping(path = "/sandbox/instances/{id}/tags/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> untag(@PathVariable String id, @PathVariable String key) {
		return this.instances.untag(id, key)
			.map((instance) -> ResponseEntity.ok(shown(instance)))
			.orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such instance")));
	}

	private static Map<String, Object> shown(SandboxInstances.Instance instance) {
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("instance_id", instance.id());
		shown.put("instance_name", instance.name());
		shown.put("datastore", instance.datastore());
		shown.put("tags", instance.tags());
		return shown;
	}

	/** A tag filter: the key present, with one of the values when any are given. */
	private static boolean matches(SandboxInstances.Instance instance, Object filter) {
		if (!(filter instanceof Map<?, ?> tag) || !(tag.get("key") instanceof String key)) {
			return false;
		}
		String value = instance.tags().get(key);
		if (value == null) {
			return false;
		}
		return !(tag.get("values") instanceof List<?> values) || values.isEmpty() || values.contains(value);
	}

	/** The cloud's documentation types offset and limit as strings and sends numbers. */
	private static int number(Object value, int otherwise) {
		if (value instanceof Number number) {
			return number.intValue();
		}
		if (value instanceof String text && text.matches("[0-9]{1,4}")) {
			return Integer.parseInt(text);
		}
		return otherwise;
	}

}
