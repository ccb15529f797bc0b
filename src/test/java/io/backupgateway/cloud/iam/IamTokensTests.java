package io.backupgateway.cloud.iam;

import io.backupgateway.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.backupgateway.cloud.CredentialsUnavailable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IamTokensTests {

	private static final String PROJECT = "054e292c9880d4992f02c0196d3ea468";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T12:00:00Z"));

	private final AtomicInteger fetches = new AtomicInteger();

	private boolean failing;

	private Duration lifetime = Duration.ofHours(24);

	private final Function<String, IamToken> iam = (project) -> {
		int n = this.fetches.incrementAndGet();
		if (this.failing) {
			throw new CredentialsUnavailable("IAM refused");
		}
		return new IamToken("token-" + n, this.clock.instant(), this.clock.instant().plus(this.lifetime));
	};

	private final IamTokens tokens = new IamTokens(this.iam, Duration.ofHours(1), Duration.ofSeconds(5), this.clock);

	@Test
	void cachesOneTokenPerProject() {
		IamToken first = this.tokens.tokenFor(PROJECT);
		assertThat(this.tokens.tokenFor(PROJECT)).isSameAs(first);
		assertThat(this.tokens.tokenFor("1111111111111111111111111111111a")).isNotEqualTo(first);
		assertThat(this.fetches).hasValue(2);
	}

	@Test
	void refreshesRefreshBeforeExpiryAhead() {
		IamToken first = this.tokens.tokenFor(PROJECT);
		this.clock.advance(Duration.ofHours(22).plusMinutes(59));
		assertThat(this.tokens.tokenFor(PROJECT)).isSameAs(first);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.tokens.tokenFor(PROJECT).value()).isEqualTo("token-2");
	}

	@Test
	void aShortLivedTokenIsNotRefreshedOnEveryCall() {
		this.lifetime = Duration.ofMinutes(30);
		IamToken first = this.tokens.tokenFor(PROJECT);
		this.clock.advance(Duration.ofMinutes(14));
		assertThat(this.tokens.tokenFor(PROJECT)).isSameAs(first);
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.tokens.tokenFor(PROJECT)).isNotSameAs(first);
	}

	@Test
	void keepsUsingAValidTokenWhenARefreshFails() {
		IamToken first = this.tokens.tokenFor(PROJECT);
		this.clock.advance(Duration.ofHours(23).plusMinutes(30));
		this.failing = true;
		assertThat(this.tokens.tokenFor(PROJECT)).isSameAs(first);
		this.clock.advance(Duration.ofMinutes(29));
		assertThatExceptionOfType(CredentialsUnavailable.class).isThrownBy(() -> this.tokens.tokenFor(PROJECT));
	}

	@Test
	void invalidatedTokenIsReplaced() {
		IamToken first = this.tokens.tokenFor(PROJECT);
		this.tokens.invalidate(PROJECT, first);
		assertThat(this.tokens.tokenFor(PROJECT).value()).isEqualTo("token-2");
	}

	@Test
	void invalidatingAnAlreadyReplacedTokenKeepsTheNewOne() {
		IamToken first = this.tokens.tokenFor(PROJECT);
		this.tokens.invalidate(PROJECT, first);
		IamToken second = this.tokens.tokenFor(PROJECT);
		this.tokens.invalidate(PROJECT, first);
		assertThat(this.tokens.tokenFor(PROJECT)).isSameAs(second);
		assertThat(this.fetches).hasValue(2);
	}

	@Test
	void concurrentCallersShareOneRefresh() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger slowFetches = new AtomicInteger();
		IamTokens slow = new IamTokens((project) -> {
			slowFetches.incrementAndGet();
			await(release);
			return new IamToken("shared", this.clock.instant(), this.clock.instant().plus(Duration.ofHours(24)));
		}, Duration.ofHours(1), Duration.ofSeconds(10), this.clock);
		List<Thread> callers = new CopyOnWriteArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(50, recording(callers));
		try {
			List<Future<IamToken>> results = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				results.add(pool.submit(() -> slow.tokenFor(PROJECT)));
			}
			awaitAllBlocked(callers, 50);
			release.countDown();
			for (Future<IamToken> result : results) {
				assertThat(result.get().value()).isEqualTo("shared");
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(slowFetches).hasValue(1);
	}

	@Test
	void concurrentCallersShareOneFailure() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger attempts = new AtomicInteger();
		IamTokens failingIam = new IamTokens((project) -> {
			attempts.incrementAndGet();
			await(release);
			throw new CredentialsUnavailable("IAM refused");
		}, Duration.ofHours(1), Duration.ofSeconds(10), this.clock);
		List<Thread> callers = new CopyOnWriteArrayList<>();
		ExecutorService pool = Executors.newFixedThreadPool(10, recording(callers));
		try {
			List<Future<?>> results = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				results.add(pool.submit(() -> failingIam.tokenFor(PROJECT)));
			}
			awaitAllBlocked(callers, 10);
			release.countDown();
			for (Future<?> result : results) {
				assertThatExceptionOfType(java.util.concurrent.ExecutionException.class).isThrownBy(result::get)
					.withCauseInstanceOf(CredentialsUnavailable.class);
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(attempts).hasValue(1);
	}

	@Test
	void tokenValueNeverShowsInToString() {
		assertThat(this.tokens.tokenFor(PROJECT).toString()).doesNotContain("token-1").contains("******");
	}

	private static ThreadFactory recording(List<Thread> threads) {
		return (task) -> {
			Thread thread = new Thread(task);
			threads.add(thread);
			return thread;
		};
	}

	/**
	 * Every caller is parked: one inside the IAM call, the others waiting for its result.
	 * Only then is the IAM call let go, so the test shows sharing, not luck.
	 */
	private static void awaitAllBlocked(List<Thread> callers, int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(5))
			.until(() -> callers.size() == count && callers.stream()
				.allMatch((thread) -> thread.getState() == Thread.State.WAITING
						|| thread.getState() == Thread.State.TIMED_WAITING));
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
