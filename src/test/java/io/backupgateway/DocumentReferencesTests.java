package io.backupgateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repository stands on its own: every Markdown file the code, the benchmark or the
 * docs cite is in it, so a maintainer with only this repository can follow every "see
 * ...".
 */
class DocumentReferencesTests {

	private static final Pattern CITED = Pattern.compile("([A-Za-z0-9_./-]*[A-Za-z0-9_-]+\\.md)\\b");

	@Test
	void everyCitedDocumentIsInTheRepository() throws IOException {
		Set<String> missing = new TreeSet<>();
		for (Path file : sources()) {
			Matcher cited = CITED.matcher(Files.readString(file));
			while (cited.find()) {
				String name = cited.group(1);
				if (name.startsWith("http") || name.contains("//")) {
					continue;
				}
				boolean found = Files.exists(Path.of(name)) || Files.exists(Path.of("docs").resolve(name))
						|| Files.exists(file.getParent().resolve(name));
				if (!found) {
					missing.add(file + " cites " + name);
				}
			}
		}
		assertThat(missing).isEmpty();
	}

	private static List<Path> sources() throws IOException {
		List<Path> files = new ArrayList<>();
		for (String root : List.of("src/main", "bench", "docs", "helm")) {
			try (Stream<Path> walk = Files.walk(Path.of(root))) {
				walk.filter((path) -> path.toString().matches(".*\\.(java|md|yaml|yml|sh|sql|py|tpl)$"))
					.forEach(files::add);
			}
		}
		files.add(Path.of("README.md"));
		return files;
	}

}
