package io.backupgateway.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * An example for every JSON answer, composed from its schema: a member's own example,
 * else a sample for its name or format, else the first value of its enumeration. A reader
 * of the document (or of a generated client's docs) sees a whole answer, and the
 * response-validation test checks the examples against the same schemas as the real
 * answers, so they cannot drift.
 */
final class AnswerExamples {

	/** Samples by member name, so the composed answers read like real ones. */
	private static final Map<String, Object> BY_NAME = Map.ofEntries(Map.entry("team", "payments"),
			Map.entry("instance_id", "a4d8ea2584e047439a667703c0684119in06"),
			Map.entry("project_id", "054e292c9880d4992f02c0196d3ea468"), Map.entry("project", "eu-de-prod"),
			Map.entry("job_id", "8061ceaf-b319-4315-9338-7f3de8e26f05"),
			Map.entry("backup_id", "646d88d0b03f4fd2ae944ae2a33bcb6abr06"), Map.entry("name", "payments-pre-migration"),
			Map.entry("backup_name", "payments-pre-migration"), Map.entry("description", "before schema v42"),
			Map.entry("actor", "alice"), Map.entry("actor_name", "alice.smith"), Map.entry("subject", "alice"),
			Map.entry("request_id", "3f9c1e52-6d0b-4c5e-9a31-7b1f2c4d5e6f"), Map.entry("client_ip", "10.0.3.17"),
			Map.entry("user_agent", "portal/2.3"), Map.entry("http_status", 202), Map.entry("upstream_status", 202),
			Map.entry("duration_ms", 84), Map.entry("chain_hash", "9c2d" + "0".repeat(60)),
			Map.entry("key_id", "43f3cc2fd0e2400c"), Map.entry("signature", "3q2+7w=="), Map.entry("progress", "40%"),
			Map.entry("teams", List.of("payments")), Map.entry("permissions", List.of("backup:create")));

	private static final Set<String> KEEP_NULL = Set.of("code", "upstream_error_code", "idempotency_key", "fail_reason",
			"ended_at", "first_broken_audit_id", "first_broken_digest_id", "reason", "next_cursor", "next_offset",
			"previous_digest_id");

	private AnswerExamples() {
	}

	static @Nullable Object of(OpenAPI openApi, @Nullable Schema<?> schema) {
		return compose(openApi, schema, null, 0);
	}

	@SuppressWarnings("rawtypes")
	private static @Nullable Object compose(OpenAPI openApi, @Nullable Schema<?> schema, @Nullable String name,
			int depth) {
		if (schema == null || depth > 6) {
			return null;
		}
		if (schema.get$ref() != null) {
			String ref = schema.get$ref();
			return compose(openApi, openApi.getComponents().getSchemas().get(ref.substring(ref.lastIndexOf('/') + 1)),
					name, depth + 1);
		}
		if (schema.getAnyOf() != null) {
			for (Schema option : schema.getAnyOf()) {
				if (option.get$ref() != null) {
					return (name != null && KEEP_NULL.contains(name)) ? null : compose(openApi, option, name, depth);
				}
			}
		}
		Set<String> types = schema.getTypes();
		String type = (types != null) ? types.stream().filter((t) -> !"null".equals(t)).findFirst().orElse(null)
				: schema.getType();
		boolean nullable = types != null && types.contains("null");
		if (nullable && name != null && KEEP_NULL.contains(name)) {
			return null;
		}
		if (schema.getExample() != null) {
			return schema.getExample();
		}
		if (name != null && BY_NAME.containsKey(name)) {
			return BY_NAME.get(name);
		}
		if (schema.getEnum() != null && !schema.getEnum().isEmpty() && schema.getEnum().get(0) != null) {
			return schema.getEnum().get(0);
		}
		if ("object".equals(type) || schema.getProperties() != null) {
			Map<String, Object> object = new LinkedHashMap<>();
			Map<String, Schema> properties = schema.getProperties();
			if (properties != null) {
				properties
					.forEach((member, property) -> object.put(member, compose(openApi, property, member, depth + 1)));
			}
			return object;
		}
		if ("array".equals(type)) {
			List<Object> items = new ArrayList<>();
			Object item = compose(openApi, schema.getItems(), null, depth + 1);
			if (item != null) {
				items.add(item);
			}
			return items;
		}
		if ("integer".equals(type) || "number".equals(type)) {
			return 1;
		}
		if ("boolean".equals(type)) {
			return true;
		}
		if ("date-time".equals(schema.getFormat())) {
			return "2026-12-05T10:00:00.123456Z";
		}
		if ("uuid".equals(schema.getFormat())) {
			return "0b0e5c8e-2d0b-4a6e-9d4a-1f2e3d4c5b6a";
		}
		return (name != null) ? name.replace('_', '-') + "-1" : "text";
	}

}
