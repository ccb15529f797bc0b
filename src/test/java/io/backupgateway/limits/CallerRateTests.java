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
		assertThat(refused.logRefusal()).isTrue();
		assertThat(refused.retryAfterSeconds()).isEqualTo(48);
		assertThat(this.rate.count("alice").logRefusal()).isFalse();
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

	@Test
	void noSixtySecondsLetMoreThanTheLimitThroughAcrossAMinutesBoundary() {
		CallerRate ten = new CallerRate(10, this.clock);
		this.clock.advance(Duration.ofMillis(59_500));
		for (int i = 0; i < 10; i++) {
			assertThat(ten.count("dave").allowed()).isTrue();
		}
		// a fixed minute would start afresh here, one second later
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(ten.count("dave").allowed()).isFalse();
		this.clock.advance(Duration.ofMillis(58_999));
		assertThat(ten.count("dave").allowed()).isFalse();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(ten.count("dave").allowed()).as("sixty seconds after the first").isTrue();
	}

	@Test
	void aSlidingWindowAdmitsAsOldRequestsLeaveIt() {
		CallerRate three = new CallerRate(3, this.clock);
		for (int i = 0; i < 3; i++) {
			assertThat(three.count("erin").allowed()).isTrue();
			this.clock.advance(Duration.ofSeconds(20));
		}
		// the first left the window at 60 s: one more fits, then none until 80 s
		assertThat(three.count("erin").allowed()).isTrue();
		CallerRate.Verdict refused = three.count("erin");
		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfterSeconds()).isEqualTo(20);
		int admitted = 0;
		for (int second = 0; second < 600; second++) {
			this.clock.advance(Duration.ofSeconds(1));
			if (three.count("erin").allowed()) {
				admitted++;
			}
		}
		assertThat(admitted).as("ten minutes at one request a second").isBetween(29, 31);
	}

	@Test
	void idleCallersAreForgotten() {
		for (int i = 0; i < 50; i++) {
			this.rate.count("caller-" + i);
		}
		this.clock.advance(Duration.ofSeconds(30));
		this.rate.count("caller-0");
		this.clock.advance(Duration.ofSeconds(30));
		this.rate.forgetIdle(this.clock.millis());
		assertThat(this.rate.callers()).as("only the caller seen in the last minute").isEqualTo(1);
	}

}
