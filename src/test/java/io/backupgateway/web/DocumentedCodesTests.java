package io.backupgateway.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.backupgateway.failure.ProblemCode;
import io.backupgateway.testsupport.ProjectDocs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every problem code the README and docs/ name is one the gateway answers with: an
 * operator following the runbook or a portal developer branching on a code must find it
 * in {@link ProblemCode}.
 */
class DocumentedCodesTests {

	/** A status then a code: {@code `503 audit-unavailable`}, 503 `x`, | 503 | `x` |. */
	static final Pattern AFTER_STATUS = Pattern.compile("\\b[1-5]\\d\\d(?:\\s*\\|\\s*|\\s+)`?([a-z]+(?:-[a-z]+)*)`");

	/** In a JSON example: "code": "x". */
	static final Pattern IN_JSON = Pattern.compile("\"code\"\\s*:\\s*\"([a-z]+(?:-[a-z]+)*)\"");

	/** A table row about codes: | answer code | `x`, `y` | ... */
	static final Pattern CODE_ROW = Pattern.compile("^\\|[^|]*\\bcode\\b[^|]*\\|(.*)$", Pattern.MULTILINE);

	static final Pattern BACKTICKED = Pattern.compile("`([a-z]+(?:-[a-z]+)+)`");

	@Test
	void everyCodeTheDocsNameExists() throws IOException {
		Set<String> known = Arrays.stream(ProblemCode.values())
			.map(ProblemCode::slug)
			.collect(Collectors.toCollection(TreeSet::new));
		List<String> unknown = new ArrayList<>();
		int found = 0;
		for (Path file : ProjectDocs.markdown()) {
			String text = Files.readString(file);
			for (String code : codesIn(text)) {
				found++;
				if (!known.contains(code)) {
					unknown.add(file + ": " + code);
				}
			}
		}
		assertThat(unknown).as("codes named in the docs that the gateway never answers").isEmpty();
		assertThat(found).as("the patterns still find the docs' codes").isGreaterThan(50);
	}

	@Test
	void thePatternsFindWhatAMistakenRunbookWouldName() {
		assertThat(codesIn("Callers get `503 upstream-paused` with `Retry-After`")).containsExactly("upstream-paused");
		assertThat(codesIn("| answer code | `upstream-rate-limited`, `upstream-timeout` | x |"))
			.contains("upstream-rate-limited", "upstream-timeout");
		assertThat(codesIn("| 503 | `identity-unavailable` | keys |")).containsExactly("identity-unavailable");
		assertThat(codesIn("{\"code\": \"rate-limited\"}")).containsExactly("rate-limited");
		assertThat(codesIn("503 if it cannot be; 429 with `Retry-After`")).isEmpty();
	}

	static List<String> codesIn(String text) {
		List<String> codes = new ArrayList<>();
		for (Pattern pattern : List.of(AFTER_STATUS, IN_JSON)) {
			Matcher matcher = pattern.matcher(text);
			while (matcher.find()) {
				codes.add(matcher.group(1));
			}
		}
		Matcher row = CODE_ROW.matcher(text);
		while (row.find()) {
			Matcher code = BACKTICKED.matcher(row.group(1));
			while (code.find()) {
				codes.add(code.group(1));
			}
		}
		return codes;
	}

}
