package io.backupgateway.audit.review;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.backupgateway.testsupport.ProjectDocs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Every audit query the README and docs/ show is one the gateway accepts: an operator who
 * copies {@code GET /v1/audit?request_id=...} from a runbook must not get
 * {@code 400 unknown parameter}. Placeholders ({@code ...}, {@code <id>}) stand for any
 * value; alternatives ({@code csv|ndjson}) are each tried.
 */
class DocumentedQueriesTests {

	static final Pattern QUERY = Pattern.compile("/v1/audit(/export)?\\?([^\\s`\"')]+)");

	@Test
	void everyDocumentedAuditQueryIsAccepted() throws IOException {
		List<String> queries = new ArrayList<>();
		for (Path file : ProjectDocs.markdown()) {
			Matcher matcher = QUERY.matcher(Files.readString(file));
			while (matcher.find()) {
				queries.add(matcher.group());
				boolean export = matcher.group(1) != null;
				for (Map<String, String[]> parameters : parameters(matcher.group(2))) {
					assertThatNoException().as(file + ": " + matcher.group()).isThrownBy(() -> {
						AuditFilter.parse(parameters, export ? Set.of("format") : Set.of("limit", "cursor"));
						if (!export) {
							AuditFilter.limit(parameters);
						}
						else {
							assertThat(parameters.get("format")[0]).isIn("csv", "ndjson");
						}
					});
				}
			}
		}
		assertThat(queries).as("the docs show audit queries").hasSizeGreaterThan(3);
	}

	@Test
	void aDocumentedQueryWithAnUnknownParameterWouldFail() {
		Map<String, String[]> parameters = parameters("colour=red").get(0);
		org.assertj.core.api.Assertions
			.assertThatThrownBy(() -> AuditFilter.parse(parameters, Set.of("limit", "cursor")))
			.isInstanceOf(io.backupgateway.failure.GatewayFailure.class);
	}

	/** The query's parameters, once per alternative of a value written {@code a|b}. */
	static List<Map<String, String[]>> parameters(String query) {
		List<Map<String, String[]>> variants = new ArrayList<>();
		variants.add(new LinkedHashMap<>());
		for (String pair : query.split("&")) {
			String[] nameValue = pair.split("=", 2);
			String value = (nameValue.length > 1) ? nameValue[1].replace("\\|", "|") : "";
			List<String> alternatives = List.of(value.split("\\|"));
			List<Map<String, String[]>> next = new ArrayList<>();
			for (Map<String, String[]> variant : variants) {
				for (String alternative : alternatives) {
					Map<String, String[]> copy = new LinkedHashMap<>(variant);
					copy.put(nameValue[0], new String[] { sample(alternative) });
					next.add(copy);
				}
			}
			variants = next;
		}
		return variants;
	}

	private static String sample(String value) {
		return (value.contains("...") || value.startsWith("<")) ? "sample-value" : value;
	}

}
