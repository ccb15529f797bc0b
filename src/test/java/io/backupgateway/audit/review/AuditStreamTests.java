package io.backupgateway.audit.review;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;
import io.backupgateway.audit.SeededEntry;
import io.backupgateway.audit.entry.LongReads;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.util.ReflectionTestUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An export whose client reads nothing holds no database connection once the stall
 * timeout has passed (docs/design.md 3.4): the cursor is closed and the connection goes
 * back to the pool for long reads, while the request thread still waits on the client.
 */
@ApplicationModuleTest(module = "audit")
@ActiveProfiles("module")
@TestPropertySource(properties = "gateway.audit.export-stall-timeout=500ms")
class AuditStreamTests {

	final AuditStream stream;

	final LongReads reads;

	final JdbcClient jdbc;

	final BeanFactory beans;

	AuditStreamTests(AuditStream stream, LongReads reads, JdbcClient jdbc, BeanFactory beans) {
		this.beans = beans;
		this.stream = stream;
		this.reads = reads;
		this.jdbc = jdbc;
	}

	@Test
	void aClientThatReadsNothingLetsGoOfTheDatabase() throws Exception {
		SeededEntry.insert(this.beans,
				IntStream.rangeClosed(1, 12000)
					.mapToObj((x) -> SeededEntry.of("backup.create", "rejected")
						.actor(null)
						.team("stalled")
						.requestId("stall-" + x))
					.toList());
		CountDownLatch clientReads = new CountDownLatch(1);
		AtomicInteger written = new AtomicInteger();
		AuditFilter filter = AuditFilter.parse(java.util.Map.of("team", new String[] { "stalled" }), Set.of());
		ExecutorService request = Executors.newSingleThreadExecutor();
		try {
			Future<?> export = request.submit(() -> this.stream.stream(filter, null, (entry) -> {
				if (written.incrementAndGet() == 1) {
					await(clientReads);
				}
			}));
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.until(() -> written.get() == 1 && activeConnections() == 0 && !export.isDone());

			clientReads.countDown();
			export.get(30, TimeUnit.SECONDS);
			assertThat(written.get()).as("the export ended early, not with every entry").isLessThan(12000);
		}
		finally {
			clientReads.countDown();
			request.shutdownNow();
		}
	}

	private int activeConnections() {
		HikariDataSource pool = (HikariDataSource) ReflectionTestUtils.getField(this.reads, "pool");
		return pool.getHikariPoolMXBean().getActiveConnections();
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
