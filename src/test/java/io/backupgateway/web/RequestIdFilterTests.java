package io.backupgateway.web;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdFilterTests {

	@ParameterizedTest
	@ValueSource(strings = { "a", "req-123", "!~", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
			+ "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" })
	void keepsOneTo128VisibleAsciiCharacters(String id) {
		assertThat(RequestIdFilter.acceptable(id)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "has space", "tab\there", "é", "line\nbreak" })
	void replacesAnythingElse(String id) {
		assertThat(RequestIdFilter.acceptable(id)).isFalse();
	}

	@org.junit.jupiter.api.Test
	void replaces129Characters() {
		assertThat(RequestIdFilter.acceptable("x".repeat(128))).isTrue();
		assertThat(RequestIdFilter.acceptable("x".repeat(129))).isFalse();
	}

}
