package io.backupgateway.audit.review;

import java.time.OffsetDateTime;

import io.backupgateway.failure.GatewayFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class AuditCursorTests {

	@Test
	void roundTripsToTheMicrosecond() {
		AuditCursor cursor = new AuditCursor(OffsetDateTime.parse("2026-11-27T12:00:00.123456Z"), 42);
		assertThat(AuditCursor.decode(cursor.encode())).isEqualTo(cursor);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "abc", "djE6MQ", "djI6MTAwOjE", "djE6eDox", "djE6MTAwOi0x", "!!!" })
	void refusesAnythingItDidNotIssue(String cursor) {
		assertThatExceptionOfType(GatewayFailure.class).isThrownBy(() -> AuditCursor.decode(cursor))
			.satisfies((ex) -> assertThat(ex.code().slug()).isEqualTo("invalid-request"));
	}

}
