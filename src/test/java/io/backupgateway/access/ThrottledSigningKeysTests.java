package io.backupgateway.access;

import io.backupgateway.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ThrottledSigningKeysTests {

	final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));

	final AtomicInteger fetches = new AtomicInteger();

	final RSAKey known = key("known");

	final ThrottledSigningKeys keys = new ThrottledSigningKeys(() -> {
		this.fetches.incrementAndGet();
		return new JWKSet(this.known.toPublicJWK());
	}, JWSAlgorithm.RS256::equals, this.clock);

	@Test
	void thirtyUnknownKeyIdsMakeOneFetch() throws Exception {
		assertThat(this.keys.selectJWSKeys(header("known"), null)).hasSize(1);
		for (int i = 0; i < 30; i++) {
			this.clock.advance(Duration.ofMillis(500));
			assertThat(this.keys.selectJWSKeys(header("unknown-" + i), null)).isEmpty();
		}
		assertThat(this.fetches).hasValue(1);
		this.clock.advance(Duration.ofSeconds(16));
		assertThat(this.keys.selectJWSKeys(header("unknown-again"), null)).isEmpty();
		assertThat(this.fetches).as("a new key may have been published: one fetch after 30 s").hasValue(2);
	}

	@Test
	void knownKeysAreServedFromMemoryAndRefreshedAfterFiveMinutes() throws Exception {
		for (int i = 0; i < 10; i++) {
			assertThat(this.keys.selectJWSKeys(header("known"), null)).hasSize(1);
		}
		assertThat(this.fetches).hasValue(1);
		this.clock.advance(Duration.ofMinutes(6));
		assertThat(this.keys.selectJWSKeys(header("known"), null)).hasSize(1);
		assertThat(this.fetches).hasValue(2);
	}

	@Test
	void otherAlgorithmsFindNoKeyAndFetchNothing() throws Exception {
		assertThat(this.keys.selectJWSKeys(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("known").build(), null))
			.isEmpty();
		assertThat(this.fetches).hasValue(0);
	}

	@Test
	void anUnreachableKeySetIsAnErrorNotAnUnknownKey() {
		ThrottledSigningKeys unreachable = new ThrottledSigningKeys(() -> {
			this.fetches.incrementAndGet();
			throw new IllegalStateException("connection refused");
		}, JWSAlgorithm.RS256::equals, this.clock);
		assertThatExceptionOfType(RemoteKeySourceException.class)
			.isThrownBy(() -> unreachable.selectJWSKeys(header("known"), null));
		assertThatExceptionOfType(RemoteKeySourceException.class)
			.isThrownBy(() -> unreachable.selectJWSKeys(header("known"), null));
		assertThat(this.fetches).as("retried only after a pause").hasValue(1);
	}

	private static JWSHeader header(String keyId) {
		return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build();
	}

	private static RSAKey key(String keyId) {
		try {
			return new RSAKeyGenerator(2048).keyID(keyId).generate();
		}
		catch (com.nimbusds.jose.JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
