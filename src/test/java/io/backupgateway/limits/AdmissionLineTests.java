package io.backupgateway.limits;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.backupgateway.access.BackupTarget;
import io.backupgateway.access.Caller;
import io.backupgateway.audit.AuditAttempt;
import io.backupgateway.audit.AuditDraft;
import io.backupgateway.config.InstanceId;
import io.backupgateway.config.TeamName;
import io.backupgateway.ownership.Grant;
import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.testsupport.TestFailure;
import io.backupgateway.web.RequestMeta;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The admission line's group commit: every waiting request gets its own answer, batches
 * form while one is being admitted, and a failed batch fails each of its requests.
 */
class AdmissionLineTests {

	final ExecutorService pool = Executors.newFixedThreadPool(16);

	final Map<AdmissionLine.Ticket, RequestMeta> metas = new ConcurrentHashMap<>();

	@AfterEach
	void stop() {
		this.pool.shutdownNow();
	}

	@Test
	void concurrentRequestsAreAdmittedInBatchesEachWithItsOwnAnswer() throws Exception {
		List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
		CountDownLatch firstBatchEntered = new CountDownLatch(1);
		CountDownLatch othersWaiting = new CountDownLatch(1);
		AdmissionLine line = new AdmissionLine(64, (batch) -> {
			batchSizes.add(batch.size());
			firstBatchEntered.countDown();
			await(othersWaiting);
			for (AdmissionLine.Ticket ticket : batch) {
				RequestMeta meta = this.metas.get(ticket);
				if (meta.requestId().endsWith("-refused")) {
					ticket.refused(new TestFailure(ProblemCode.RATE_LIMITED, "quota"));
				}
				else {
					ticket.admitted(new AuditAttempt(UUID.randomUUID(), meta));
				}
			}
		});

		Future<AuditAttempt> first = this.pool.submit(() -> line.admit(ticket("r-0")));
		assertThat(firstBatchEntered.await(10, TimeUnit.SECONDS)).isTrue();
		List<Future<AuditAttempt>> rest = new ArrayList<>();
		for (int i = 1; i <= 10; i++) {
			String id = "r-" + i + ((i % 5 == 0) ? "-refused" : "");
			rest.add(this.pool.submit(() -> line.admit(ticket(id))));
		}
		// the first batch holds the line until ten more wait behind it
		while (waiting(line) < 10) {
			Thread.onSpinWait();
		}
		othersWaiting.countDown();

		assertThat(first.get(10, TimeUnit.SECONDS).meta().requestId()).isEqualTo("r-0");
		for (int i = 1; i <= 10; i++) {
			Future<AuditAttempt> answer = rest.get(i - 1);
			if (i % 5 == 0) {
				assertThatThrownBy(() -> answer.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(GatewayFailure.class);
			}
			else {
				assertThat(answer.get(10, TimeUnit.SECONDS).meta().requestId()).isEqualTo("r-" + i);
			}
		}
		assertThat(batchSizes).containsExactly(1, 10);
	}

	@Test
	void aBatchThatFailsFailsEachOfItsRequests() {
		AdmissionLine line = new AdmissionLine(64, (batch) -> {
			throw new IllegalStateException("the store is gone");
		});
		assertThatThrownBy(() -> line.admit(ticket("r-1"))).isInstanceOf(IllegalStateException.class)
			.hasRootCauseMessage("the store is gone");
		// the line is free again for the next request
		assertThatThrownBy(() -> line.admit(ticket("r-2"))).isInstanceOf(IllegalStateException.class);
	}

	@Test
	void aBatchThatLeavesARequestUnansweredFailsItInsteadOfHangingIt() {
		AdmissionLine line = new AdmissionLine(64, (batch) -> {
		});
		assertThatThrownBy(() -> line.admit(ticket("r-1"))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("without an answer");
	}

	private AdmissionLine.Ticket ticket(String requestId) {
		Caller caller = new Caller("alice", "Alice", Set.of("payments"), Set.of(Caller.BACKUP_CREATE));
		RequestMeta meta = new RequestMeta(requestId, null, null, System.nanoTime());
		AuditDraft draft = AuditDraft.of(caller, meta).target("payments", "a4d8ea2584e047439a667703c0684119in06");
		AdmissionLine.Ticket ticket = new AdmissionLine.Ticket(
				new BackupTarget(new TeamName("payments"), new InstanceId("a4d8ea2584e047439a667703c0684119in06"),
						"eu-de-prod", "054e292c9880d4992f02c0196d3ea468", Grant.CONFIGURATION),
				draft);
		this.metas.put(ticket, meta);
		return ticket;
	}

	private static int waiting(AdmissionLine line) {
		return line.waiting();
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
