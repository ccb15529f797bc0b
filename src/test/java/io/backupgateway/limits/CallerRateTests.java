package io.backupgateway.limits;

import io.backupgateway.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallerRateTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

	final CallerRate rate = new CallerRate(120, this.clock);

	@Test
	void theHundredAndTwentyFirstRequestInAMinuteIsRefusedUntilTheMinuteEnds() {
		for (int i = 0; i < 120; i++) {
			assertThat(this.rate.count("alice").allowed()).isTrue();
			this.clock.advance(Duration.ofMillis(100));
		}
		CallerRate.Verdict refused = this.rate.count("alice");
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.firstRefusal()).isTrue();
		assertThat(refused.retryAfterSeconds()).isEqualTo(48);
		assertThat(this.rate.count("alice").firstRefusal()).isFalse();
		assertThat(this.rate.count("bob").allowed()).as("callers are counted apart").isTrue();

		this.clock.advance(Duration.ofSeconds(48));
		assertThat(this.rate.count("alice").allowed()).isTrue();
	}

	@Test
	void aRefusalAskedForAtTheLastMomentWaitsAtLeastASecond() {
		for (int i = 0; i < 120; i++) {
			this.rate.count("carol");
		}
		this.clock.advance(Duration.ofMillis(59_999));
		assertThat(this.rate.count("carol").retryAfterSeconds()).isEqualTo(1);
	}

}
