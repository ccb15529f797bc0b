package io.backupgateway.access;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

	private JWKSet keys = new JWKSet();

	private Instant fetchedAt = Instant.EPOCH;

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

	@Override
	public synchronized List<? extends Key> selectJWSKeys(JWSHeader header, SecurityContext context)
			throws KeySourceException {
		if (!this.algorithms.test(header.getAlgorithm())) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<? extends Key> found = select(header);
		boolean stale = now.isAfter(this.fetchedAt.plus(TTL));
		if (!found.isEmpty() && !stale) {
			return found;
		}
		if (now.isBefore(this.fetchedAt.plus(REFETCH_INTERVAL))) {
			return found;
		}
		if (this.failure != null && now.isBefore(this.failedAt.plus(RETRY_AFTER_FAILURE))) {
			throw this.failure;
		}
		try {
			this.keys = this.fetch.get();
			this.fetchedAt = now;
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
		return select(header);
	}

	private List<? extends Key> select(JWSHeader header) {
		return KeyConverter.toJavaKeys(new JWKSelector(JWKMatcher.forJWSHeader(header)).select(this.keys))
			.stream()
			.filter((key) -> !(key instanceof java.security.PrivateKey))
			.toList();
	}

}
