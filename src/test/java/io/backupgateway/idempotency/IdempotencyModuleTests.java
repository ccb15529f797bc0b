package io.backupgateway.idempotency;

import java.util.UUID;

import io.backupgateway.failure.GatewayFailure;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The idempotency module on an H2 store of its own (docs/design.md 3.4): a key is claimed
 * once; while its first request runs a second is refused; a kept answer is replayed as it
 * was kept; a released key may be used again; the same key with another request is
 * refused.
 */
@ApplicationModuleTest
@ActiveProfiles("module")
class IdempotencyModuleTests {

	final IdempotencyKeys keys;

	IdempotencyModuleTests(IdempotencyKeys keys) {
		this.keys = keys;
	}

	@Test
	void aKeptAnswerIsReplayedAsItWasKept() {
		String key = UUID.randomUUID().toString();
		String fingerprint = IdempotencyKeys.fingerprint("instance", "payments-x1", "d");
		KeyClaim first = this.keys.claim("payments", "alice", key, fingerprint);
		assertThat(first.replay()).isNull();

		GatewayFailure running = catchThrowableOfType(GatewayFailure.class,
				() -> this.keys.claim("payments", "alice", key, fingerprint));
		assertThat(running).isInstanceOf(IdempotencyKeyInFlight.class);

		UUID auditId = UUID.randomUUID();
		first.keep(new KeyClaim.Answer(202, null, "application/json", "{\"job_id\":\"job-1\"}"), auditId, "job-1",
				"backup-1");
		KeyClaim again = this.keys.claim("payments", "alice", key, fingerprint);

		assertThat(again.replay()).isNotNull();
		assertThat(again.replay().body()).isEqualTo("{\"job_id\":\"job-1\"}");
		assertThat(again.replay().httpStatus()).isEqualTo(202);
		assertThat(again.replay().auditId()).isEqualTo(auditId);
		assertThat(again.replay().jobId()).isEqualTo("job-1");
	}

	@Test
	void aReleasedKeyMayBeUsedAgainAndAnotherRequestWithItIsRefused() {
		String key = UUID.randomUUID().toString();
		String fingerprint = IdempotencyKeys.fingerprint("instance", "payments-x1", "d");
		this.keys.claim("payments", "alice", key, fingerprint).release();

		KeyClaim reused = this.keys.claim("payments", "alice", key, fingerprint);
		assertThat(reused.replay()).as("released: claimed anew").isNull();

		assertThat(catchThrowableOfType(GatewayFailure.class,
				() -> this.keys.claim("payments", "alice", key, IdempotencyKeys.fingerprint("other", "x", "y"))))
			.isInstanceOf(IdempotencyKeyReused.class);
		assertThat(this.keys.claim("payments", "bob", key, fingerprint).replay())
			.as("keys are the caller's own: another caller's same key is another key")
			.isNull();
	}

	@Test
	void withoutAKeyThereIsNothingToClaim() {
		assertThat(this.keys.claim("payments", "alice", null, "f")).isSameAs(KeyClaim.NONE);
	}

}
