package io.backupgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code cites the contract as "docs/design.md 3.4" or "docs/design.md section 6":
 * every section it cites exists there, so a maintainer with only this repository can
 * follow every "see ...".
 */
class DesignReferencesTests {

	private static final Pattern CITATION = Pattern
		.compile("docs/design\\.md\\s+(?:\\*\\s+)?(?:sections?\\s+(?:\\*\\s+)?)?(\\d+(?:\\.\\d+)?)");

	private static final Pattern HEADING = Pattern.compile("^#{2,3} (\\d+(?:\\.\\d+)?)\\.? ", Pattern.MULTILINE);

	@Test
	void everyCitedSectionExists() throws IOException {
		Set<String> sections = new TreeSet<>();
		Matcher heading = HEADING.matcher(Files.readString(Path.of("docs/design.md")));
		while (heading.find()) {
			sections.add(heading.group(1));
		}
		Set<String> cited = new TreeSet<>();
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				Matcher citation = CITATION.matcher(Files.readString(file));
				while (citation.find()) {
					cited.add(citation.group(1));
				}
			}
		}
		assertThat(sections).contains("2", "3.4", "6", "7");
		assertThat(cited).isNotEmpty();
		assertThat(sections).containsAll(cited);
	}

}
