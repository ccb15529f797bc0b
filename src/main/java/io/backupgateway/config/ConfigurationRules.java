package io.backupgateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.PatternSyntaxException;

import org.jspecify.annotations.Nullable;

/**
 * Rules that span properties. Each failure names the full property path, so an operator
 * knows what to fix without reading code. Written to tolerate nulls: a missing value is
 * reported by Bean Validation, not here.
 */
final class ConfigurationRules {

	private static final java.util.regex.Pattern PREFIX = java.util.regex.Pattern
		.compile("([A-Za-z][A-Za-z0-9_-]{0,62})?");

	private ConfigurationRules() {
	}

	static void requirePositive(String property, @Nullable Duration value) {
		if (value != null && (value.isZero() || value.isNegative())) {
			throw new IllegalArgumentException(property + " must be positive, but is " + value);
		}
	}

	static void requireValidTeams(Map<String, TeamSettings> teams,
			@Nullable Map<String, CloudSettings.Project> projects) {
		Map<String, String> firstListing = new HashMap<>();
		for (var team : new TreeMap<>(teams).entrySet()) {
			String name = team.getKey();
			String path = "gateway.teams." + name;
			if (!TeamName.isValid(name)) {
				throw new IllegalArgumentException(
						path + ": the team name must match " + TeamName.PATTERN + " (it is a path segment)");
			}
			TeamSettings settings = team.getValue();
			if (settings == null) {
				continue;
			}
			requireValidPrefix(path, settings.backupNamePrefix());
			requireValidPattern(path, settings.backupNamePattern());
			requireKnownProjectsAndUniqueInstances(path, settings.instances(), projects, firstListing);
		}
	}

	private static void requireValidPrefix(String path, @Nullable String prefix) {
		if (prefix != null && !PREFIX.matcher(prefix).matches()) {
			throw new IllegalArgumentException(path + ".backup-name-prefix '" + prefix
					+ "' can never start a valid backup name: it must start with a letter and hold at most 63 letters, digits, '-' and '_'");
		}
	}

	private static void requireValidPattern(String path, @Nullable String pattern) {
		if (pattern == null) {
			return;
		}
		try {
			java.util.regex.Pattern.compile(pattern);
		}
		catch (PatternSyntaxException ex) {
			throw new IllegalArgumentException(path + ".backup-name-pattern is not a valid regular expression: "
					+ ex.getDescription() + " near index " + ex.getIndex());
		}
	}

	private static void requireKnownProjectsAndUniqueInstances(String path,
			@Nullable List<TeamSettings.InstanceRef> instances, @Nullable Map<String, CloudSettings.Project> projects,
			Map<String, String> firstListing) {
		if (instances == null) {
			return;
		}
		for (int i = 0; i < instances.size(); i++) {
			TeamSettings.InstanceRef instance = instances.get(i);
			String instancePath = path + ".instances[" + i + "]";
			if (instance == null) {
				continue;
			}
			if (instance.project() != null && projects != null && !projects.containsKey(instance.project())) {
				throw new IllegalArgumentException(instancePath + ".project '" + instance.project()
						+ "' is not defined under gateway.cloud.projects");
			}
			if (instance.id() != null) {
				String earlier = firstListing.putIfAbsent(instance.id(), instancePath);
				if (earlier != null) {
					throw new IllegalArgumentException(instancePath + ".id '" + instance.id()
							+ "' is already listed at " + earlier + ": an instance belongs to exactly one team");
				}
			}
		}
	}

	static void requireValidEndpoints(CloudSettings cloud) {
		if (cloud.iam() != null) {
			requireBaseUrl("gateway.cloud.iam.endpoint", cloud.iam().endpoint());
		}
		for (var project : new TreeMap<>(cloud.projects()).entrySet()) {
			if (project.getValue() != null) {
				requireBaseUrl("gateway.cloud.projects." + project.getKey() + ".endpoint",
						project.getValue().endpoint());
			}
		}
	}

	/**
	 * Upstream URLs are built only from configuration (invariant 5), so the configured
	 * base must be a plain http(s) origin that a path can be appended to.
	 */
	private static void requireBaseUrl(String property, @Nullable URI uri) {
		if (uri == null) {
			return;
		}
		String scheme = uri.getScheme();
		boolean httpScheme = "https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme);
		if (!httpScheme || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
				|| uri.getRawFragment() != null) {
			throw new IllegalArgumentException(property + " '" + uri
					+ "' must be an absolute http(s) URL with a host and without user info, query or fragment");
		}
	}

}
