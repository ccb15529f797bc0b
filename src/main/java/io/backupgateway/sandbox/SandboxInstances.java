package io.backupgateway.sandbox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The stand-in cloud's GeminiDB instances and their tags (docs/design.md 4.1): the two
 * the sandbox configures, and some known only from a {@code team} tag, so that a newcomer
 * sees every rule: one tagged for {@code search}, one whose tag names a team that does
 * not exist, a MongoDB instance tagged for {@code payments}, and one untagged that the
 * README tags.
 */
@Component
@Profile("sandbox")
class SandboxInstances {

	/** The untagged Cassandra instance the README tags for {@code payments}. */
	static final String UNTAGGED = "6f8b0d2f4a6c4e8a0c2e4b6d8f0a2c4ein06";

	/**
	 * A stand-in instance.
	 *
	 * @param id its id
	 * @param name its name
	 * @param datastore its datastore: {@code cassandra} or {@code mongodb}
	 * @param tags its tags, by key
	 */
	record Instance(String id, String name, String datastore, Map<String, String> tags) {
	}

	private final Map<String, Instance> instances = new ConcurrentHashMap<>();

	SandboxInstances() {
		add("a4d8ea2584e047439a667703c0684119in06", "payments-ledger", "cassandra", "payments");
		add("8436a91546294036b75931e879882200in06", "search-index", "cassandra", "search");
		add("2c4e6a8b0d1f4a3c5e7b9d1f3a5c7e9bin06", "search-suggest", "cassandra", "search");
		add("5d7f9b1d3f5a4c6e8b0d2f4a6c8e0b2din06", "analytics-events", "cassandra", "analytics");
		add("9e1a3c5e7b9d4f2a6c8e0b2d4f6a8c0ein06", "payments-sessions", "mongodb", "payments");
		add(UNTAGGED, "payments-reporting", "cassandra", null);
	}

	private void add(String id, String name, String datastore, @Nullable String team) {
		Map<String, String> tags = new LinkedHashMap<>();
		if (team != null) {
			tags.put("team", team);
		}
		tags.put("env", "sandbox");
		this.instances.put(id, new Instance(id, name, datastore, tags));
	}

	/** Every instance, sorted by id, as the cloud lists them in pages. */
	List<Instance> all() {
		List<Instance> all = new ArrayList<>(this.instances.values());
		all.sort(java.util.Comparator.comparing(Instance::id));
		return all;
	}

	Optional<Instance> get(String id) {
		return Optional.ofNullable(this.instances.get(id));
	}

	/** Sets a tag, replacing a tag with the same key, as the cloud does. */
	Optional<Instance> tag(String id, String key, String value) {
		return Optional.ofNullable(this.instances.computeIfPresent(id, (ignored, instance) -> {
			Map<String, String> tags = new LinkedHashMap<>(instance.tags());
			tags.put(key, value);
			return new Instance(instance.id(), instance.name(), instance.datastore(), Map.copyOf(tags));
		}));
	}

	Optional<Instance> untag(String id, String key) {
		return Optional.ofNullable(this.instances.computeIfPresent(id, (ignored, instance) -> {
			Map<String, String> tags = new LinkedHashMap<>(instance.tags());
			tags.remove(key);
			return new Instance(instance.id(), instance.name(), instance.datastore(), Map.copyOf(tags));
		}));
	}

}
