package io.backupgateway.access;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.jwk.KeyConverter;
import org.jspecify.annotations.Nullable;

/**
 * The identity provider's signing keys, fetched at most once per
 * {@link #REFETCH_INTERVAL} whoever asks (docs/design.md section 4): a token naming a key
 * id the gateway does not know makes it fetch the key set again, but thirty such tokens
 * make one fetch, not thirty. Known keys are refreshed after {@link #TTL}. A fetch that
 * fails is answered as before (the keys are unavailable) and tried again after
 * {@link #RETRY_AFTER_FAILURE}.
 */
final class ThrottledSigningKeys implements JWSKeySelector<SecurityContext> {

	static final Duration REFETCH_INTERVAL = Duration.ofSeconds(30);

	static final Duration TTL = Duration.ofMinutes(5);

	static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(5);

	private final Supplier<JWKSet> fetch;

	private final Predicate<JWSAlgorithm> algorithms;

	private final Clock clock;

	/** The keys as last fetched; replaced whole, read without a lock. */
	private volatile Snapshot snapshot = new Snapshot(new JWKSet(), Instant.EPOCH);

	private Instant failedAt = Instant.EPOCH;

	private @Nullable RemoteKeySourceException failure;

	/**
	 * @param fetch fetches the key set; throws when it cannot
	 * @param algorithms which signature algorithms the gateway accepts
	 * @param clock the clock
	 */
	ThrottledSigningKeys(Supplier<JWKSet> fetch, Predicate<JWSAlgorithm> algorithms, Clock clock) {
		this.fetch = fetch;
		this.algorithms = algorithms;
		this.clock = clock;
	}

	/**
	 * Known, fresh keys are answered without a lock, from keys converted once per key set
	 * (converting a JWK into a Java key on every request, under a lock, was a tenth of a
	 * create's CPU and a queue: docs/performance.md). Only a fetch takes the lock.
	 */
	@Override
	public List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
		if (!this.algorithms.test(header.getAlgorithm())) {
			return List.of();
		}
		Instant now = this.clock.instant();
		Snapshot current = this.snapshot;
		List<? extends Key> found = current.select(header);
		if (!found.isEmpty() && !now.isAfter(current.fetchedAt().plus(TTL))) {
			return found;
		}
		return refetch(header, now);
	}

	private synchronized List<? extends Key> refetch(JWSHeader header, Instant now) throws KeySourceException {
		// another caller may have fetched while this one waited for the lock
		Snapshot current = this.snapshot;
		List<? extends Key> found = current.select(header);
		boolean stale = now.isAfter(current.fetchedAt().plus(TTL));
		if (!found.isEmpty() && !stale) {
			return found;
		}
		if (now.isBefore(current.fetchedAt().plus(REFETCH_INTERVAL))) {
			return found;
		}
		if (this.failure != null && now.isBefore(this.failedAt.plus(RETRY_AFTER_FAILURE))) {
			throw this.failure;
		}
		try {
			this.snapshot = new Snapshot(this.fetch.get(), now);
			this.failure = null;
		}
		catch (RuntimeException ex) {
			this.failedAt = now;
			this.failure = new RemoteKeySourceException("The identity provider's keys could not be fetched", ex);
			if (found.isEmpty()) {
				throw this.failure;
			}
			return found;
		}
		return this.snapshot.select(header);
	}

	/**
	 * A fetched key set and the Java keys selected from it so far, by what a token's
	 * header asks for. Only found keys are remembered: a token naming unknown key ids
	 * cannot grow the map.
	 */
	private record Snapshot(JWKSet keys, Instant fetchedAt, Map<String, List<? extends Key>> selected) {

		Snapshot(JWKSet keys, Instant fetchedAt) {
			this(keys, fetchedAt, new ConcurrentHashMap<>());
		}

		List<? extends Key> select(JWSHeader header) throws KeySourceException {
			String wanted = header.getAlgorithm() + " " + header.getKeyID() + " " + header.getX509CertSHA256Thumbprint()
					+ " " + header.getX509CertThumbprint();
			List<? extends Key> known = this.selected.get(wanted);
			if (known != null) {
				return known;
			}
			List<? extends Key> converted = KeyConverter
				.toJavaKeys(new JWKSelector(JWKMatcher.forJWSHeader(header)).select(this.keys))
				.stream()
				.filter((key) -> !(key instanceof java.security.PrivateKey))
				.toList();
			if (!converted.isEmpty()) {
				this.selected.putIfAbsent(wanted, converted);
			}
			return converted;
		}

	}

}
