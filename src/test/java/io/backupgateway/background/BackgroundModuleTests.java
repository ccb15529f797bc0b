package io.backupgateway.background;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.backupgateway.background.BackgroundPasses.Job;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The background passes on their own: a pass runs in a transaction and hands over the
 * items until they or the budget run out; a failing pass is logged, not thrown.
 */
@ApplicationModuleTest
@ActiveProfiles("module")
class BackgroundModuleTests {

	static final Job FIRST = new Job("A test pass", 0x7465_7374_0001L);

	static final Job SECOND = new Job("Another test pass", 0x7465_7374_0002L);

	static final Job THIRD = new Job("A third test pass", 0x7465_7374_0003L);

	final BackgroundPasses passes;

	BackgroundModuleTests(BackgroundPasses passes) {
		this.passes = passes;
	}

	@Test
	void aPassHandlesItsItemsAndCountsTheHandledOnes() {
		List<String> seen = new ArrayList<>();
		int handled = this.passes.forEach(FIRST, Duration.ofMinutes(1), (started) -> List.of("a", "b", "c"),
				(item, started) -> seen.add(item) && !"b".equals(item));
		assertThat(seen).containsExactly("a", "b", "c");
		assertThat(handled).isEqualTo(2);
	}

	@Test
	void aSpentBudgetTakesOnNoMoreItems() {
		List<String> seen = new ArrayList<>();
		int handled = this.passes.forEach(SECOND, Duration.ofSeconds(-1), (started) -> List.of("a", "b"),
				(item, started) -> seen.add(item));
		assertThat(seen).isEmpty();
		assertThat(handled).isZero();
	}

	@Test
	void aFailingPassIsRetriedLaterRatherThanThrown() {
		List<String> ran = new ArrayList<>();
		this.passes.inBackground(THIRD, () -> {
			ran.add("pass");
			throw new IllegalStateException("the store is down");
		});
		assertThat(ran).containsExactly("pass");
	}

}
