package io.backupgateway.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md cannot drift from the configuration the build generates metadata
 * for: every {@code gateway.*} property is documented with its default, and nothing is
 * documented that does not exist.
 */
class ConfigurationDocsTests {

	private static final Pattern ROW = Pattern.compile("^\\| `(gateway\\.[^`]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

	@Test
	void everyPropertyIsDocumentedWithItsDefault() throws IOException {
		Map<String, String> documented = documented();
		Map<String, String> actual = metadata();
		assertThat(documented.keySet()).containsAll(actual.keySet());
		actual.forEach((name, defaultValue) -> assertThat(documented.get(name)).as(name).isEqualTo(defaultValue));
	}

	@Test
	void nothingIsDocumentedThatDoesNotExist() throws IOException {
		Map<String, String> actual = metadata();
		for (String name : documented().keySet()) {
			boolean mapEntry = (name.startsWith("gateway.teams.<team>.") && actual.containsKey("gateway.teams"))
					|| (name.startsWith("gateway.cloud.projects.<name>.")
							&& actual.containsKey("gateway.cloud.projects"));
			assertThat(mapEntry || actual.containsKey(name)).as(name + " is documented but not a property").isTrue();
		}
	}

	private static Map<String, String> documented() throws IOException {
		Map<String, String> rows = new LinkedHashMap<>();
		Matcher row = ROW.matcher(Files.readString(Path.of("docs/configuration.md")));
		while (row.find()) {
			rows.put(row.group(1), row.group(2).trim());
		}
		return rows;
	}

	/**
	 * Property name to default as the docs write it: the value in backticks, or a word.
	 */
	private static Map<String, String> metadata() throws IOException {
		Map<String, String> properties = new LinkedHashMap<>();
		try (InputStream in = ConfigurationDocsTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			JsonNode root = JsonMapper.builder().build().readTree(in);
			for (JsonNode property : root.get("properties")) {
				String name = property.get("name").stringValue();
				if (!name.startsWith("gateway.")) {
					continue;
				}
				JsonNode defaultValue = property.get("defaultValue");
				String documented;
				if (defaultValue == null || defaultValue.isNull()) {
					documented = isRequired(name) ? "required" : "none";
				}
				else {
					documented = "`" + defaultValue.asString().toLowerCase(Locale.ROOT) + "`";
				}
				properties.put(name, documented);
			}
		}
		return properties;
	}

	private static boolean isRequired(String name) {
		return name.equals("gateway.security.audience") || name.startsWith("gateway.cloud.iam.")
				|| name.equals("gateway.audit.signing-key");
	}

}
