package io.backupgateway.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.backupgateway.background.BackgroundPasses;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gateway.jobs.max-calls-per-second}: calls to one project are spaced evenly,
 * another project has its own budget, and a call whose slot would come after the pass's
 * deadline is not made.
 */
class CallPacerTests {

	final BackgroundPasses.Deadline farAway = new BackgroundPasses.Deadline(Clock.systemUTC(),
			Instant.now().plus(Duration.ofMinutes(1)));

	@Test
	void callsToOneProjectAreSpacedByTheBudget() {
		CallPacer pacer = new CallPacer(4);
		long started = System.nanoTime();
		for (int i = 0; i < 5; i++) {
			assertThat(pacer.acquire("p1", this.farAway)).isTrue();
		}
		long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
		// five calls at four a second: the fifth waits for four spacings of 250 ms
		assertThat(elapsedMillis).isGreaterThanOrEqualTo(995);
	}

	@Test
	void eachProjectHasItsOwnBudget() {
		CallPacer pacer = new CallPacer(1);
		BackgroundPasses.Deadline soon = new BackgroundPasses.Deadline(Clock.systemUTC(),
				Instant.now().plusMillis(100));
		assertThat(pacer.acquire("p1", soon)).isTrue();
		assertThat(pacer.acquire("p2", soon)).as("p2 waits for nothing p1 did").isTrue();
		assertThat(pacer.acquire("p1", soon)).as("p1's next slot is a second away").isFalse();
	}

	@Test
	void noCallIsMadeAfterThePassesDeadline() {
		CallPacer pacer = new CallPacer(1);
		BackgroundPasses.Deadline soon = new BackgroundPasses.Deadline(Clock.systemUTC(),
				Instant.now().plusMillis(300));
		assertThat(pacer.acquire("p1", soon)).isTrue();
		assertThat(pacer.acquire("p1", soon)).as("the next slot is a second away").isFalse();
	}

}
