package io.backupgateway.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The Markdown a reader of the project finds: docs/, the README and the chart's README,
 * for the tests that hold them true.
 */
public final class ProjectDocs {

	private ProjectDocs() {
	}

	/**
	 * Every Markdown document of the project.
	 * @return their paths, docs/ first
	 * @throws IOException when docs/ cannot be listed
	 */
	public static List<Path> markdown() throws IOException {
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			List<Path> files = new ArrayList<>(
					docs.filter((path) -> path.toString().endsWith(".md")).sorted().toList());
			files.add(Path.of("README.md"));
			files.add(Path.of("helm/backup-gateway/README.md"));
			return files;
		}
	}

}
