package io.backupgateway.web;

import java.util.Arrays;

import io.backupgateway.failure.ProblemCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemCodeTests {

	/** docs/design.md 3.2 and 3.4, row by row. */
	@ParameterizedTest
	@CsvSource({ "400, invalid-request", "400, naming-policy", "401, unauthenticated", "403, forbidden",
			"404, instance-not-found", "409, idempotency-in-progress", "409, backup-in-progress",
			"409, upstream-rejected", "409, backup-in-use", "413, payload-too-large", "415, unsupported-media-type",
			"422, idempotency-conflict", "429, rate-limited", "502, upstream-error", "503, upstream-throttled",
			"503, upstream-unavailable", "503, credentials-unavailable", "503, audit-unavailable",
			"504, upstream-timeout", "404, not-found", "405, method-not-allowed", "500, internal-error",
			"503, identity-unavailable", "408, request-timeout", "503, ownership-unavailable" })
	void mirrorsTheDesignTable(int status, String slug) {
		ProblemCode code = Arrays.stream(ProblemCode.values())
			.filter((candidate) -> candidate.slug().equals(slug))
			.findFirst()
			.orElseThrow();
		assertThat(code.status().value()).isEqualTo(status);
		assertThat(code.type()).hasToString("/problems/" + slug);
	}

	@Test
	void hasNoCodeOutsideTheDesign() {
		assertThat(ProblemCode.values()).hasSize(25);
	}

}
