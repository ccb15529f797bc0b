package io.backupgateway.cloud.iam;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.backupgateway.cloud.CredentialsUnavailable;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One IAM token per project, cached and refreshed {@code refresh-before-expiry} ahead of
 * its end (docs/design.md section 7). Concurrent callers that find no fresh token share
 * one refresh: the first one fetches, the others wait for its result, so IAM never sees a
 * stampede. If a refresh fails while the cached token is still valid, the cached token is
 * used.
 */
public class IamTokens {

	private static final Logger log = LoggerFactory.getLogger(IamTokens.class);

	private final Function<String, IamToken> source;

	private final Duration refreshBeforeExpiry;

	private final Duration waitLimit;

	private final Clock clock;

	private final ConcurrentMap<String, IamToken> cache = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, CompletableFuture<IamToken>> refreshes = new ConcurrentHashMap<>();

	/**
	 * @param source fetches a new token for a project id; throws
	 * {@link CredentialsUnavailable} when it cannot
	 * @param refreshBeforeExpiry how long before expiry a token is replaced
	 * @param waitLimit how long a caller waits for a refresh another caller started
	 * @param clock the clock
	 */
	public IamTokens(Function<String, IamToken> source, Duration refreshBeforeExpiry, Duration waitLimit, Clock clock) {
		this.source = source;
		this.refreshBeforeExpiry = refreshBeforeExpiry;
		this.waitLimit = waitLimit;
		this.clock = clock;
	}

	/**
	 * A valid token for a project.
	 * @param projectId the project id (the token's scope)
	 * @return the token
	 * @throws CredentialsUnavailable when no valid token can be had
	 */
	public IamToken tokenFor(String projectId) {
		IamToken cached = this.cache.get(projectId);
		if (cached != null && cached.isFresh(this.clock.instant(), this.refreshBeforeExpiry)) {
			return cached;
		}
		try {
			return refresh(projectId);
		}
		catch (CredentialsUnavailable ex) {
			if (cached != null && cached.isUsable(this.clock.instant())) {
				log.warn("IAM token refresh for project {} failed; using the cached token until {}", projectId,
						cached.expiresAt());
				return cached;
			}
			throw ex;
		}
	}

	/**
	 * Drops a token the cloud refused, unless it has already been replaced.
	 * @param projectId the project id
	 * @param refused the token the cloud refused
	 */
	/**
	 * The token cached for a project, if any, fresh or not.
	 * @param projectId the project's id
	 * @return the token, or {@code null}
	 */
	public @Nullable IamToken cached(String projectId) {
		return this.cache.get(projectId);
	}

	public void invalidate(String projectId, IamToken refused) {
		if (this.cache.remove(projectId, refused)) {
			log.info("IAM token for project {} was refused by the cloud; it will be replaced", projectId);
		}
	}

	private IamToken refresh(String projectId) {
		CompletableFuture<IamToken> mine = new CompletableFuture<>();
		CompletableFuture<IamToken> running = this.refreshes.putIfAbsent(projectId, mine);
		if (running != null) {
			return await(running, projectId);
		}
		try {
			// another caller may have finished a refresh between our cache read and now
			IamToken current = this.cache.get(projectId);
			if (current != null && current.isFresh(this.clock.instant(), this.refreshBeforeExpiry)) {
				mine.complete(current);
				return current;
			}
			IamToken fresh = this.source.apply(projectId);
			this.cache.put(projectId, fresh);
			mine.complete(fresh);
			return fresh;
		}
		catch (RuntimeException ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.refreshes.remove(projectId, mine);
		}
	}

	private IamToken await(CompletableFuture<IamToken> running, String projectId) {
		try {
			return running.get(this.waitLimit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof CredentialsUnavailable unavailable) {
				throw unavailable;
			}
			throw new CredentialsUnavailable("No IAM token could be obtained for the instance's project.");
		}
		catch (TimeoutException ex) {
			throw new CredentialsUnavailable("IAM did not answer in time.");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new CredentialsUnavailable(
					"Interrupted while waiting for an IAM token for project " + projectId + ".");
		}
	}

}
