package io.backupgateway.audit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTextTests {

	@Test
	void keepsOrdinaryText() {
		assertThat(AuditText.clip("payments-pre-migration", 256)).isEqualTo("payments-pre-migration");
		assertThat(AuditText.clip(null, 256)).isNull();
	}

	@Test
	void replacesWhatPostgresCannotStore() {
		assertThat(AuditText.clip("a\u0000b\ud800c", 256)).isEqualTo("a\uFFFDb\uFFFDc");
	}

	@Test
	void cutsByCodePointsWithoutSplittingAPair() {
		assertThat(AuditText.clip("😀😀😀", 2)).isEqualTo("😀😀");
		assertThat(AuditText.clip("x".repeat(300), 256)).hasSize(256);
	}

}
