package io.backupgateway.cloud.iam;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.backupgateway.cloud.CredentialsUnavailable;
import io.backupgateway.config.CloudSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Every token fetched from IAM, counted as {@code gateway.iam.token.fetches} by project
 * and result, and the last outcome per project remembered for the {@code iam} health
 * indicator (docs/operations.md).
 */
final class IamFetches implements Function<String, IamToken> {

	private final Function<String, IamToken> iam;

	private final MeterRegistry registry;

	private final Map<String, String> projectNames;

	private final Clock clock;

	private final Map<String, Fetch> last = new ConcurrentHashMap<>();

	IamFetches(Function<String, IamToken> iam, MeterRegistry registry, CloudSettings cloud, Clock clock) {
		this.iam = iam;
		this.registry = registry;
		this.projectNames = cloud.projectNamesById();
		this.clock = clock;
	}

	@Override
	public IamToken apply(String projectId) {
		try {
			IamToken token = this.iam.apply(projectId);
			remember(projectId, new Fetch(this.clock.instant(), true, null));
			return token;
		}
		catch (CredentialsUnavailable ex) {
			remember(projectId, new Fetch(this.clock.instant(), false, ex.getMessage()));
			throw ex;
		}
	}

	private void remember(String projectId, Fetch fetch) {
		this.last.put(projectId, fetch);
		Counter.builder("gateway.iam.token.fetches")
			.description("tokens asked of IAM, by project and result")
			.tag("project", projectName(projectId))
			.tag("result", fetch.succeeded() ? "success" : "failure")
			.register(this.registry)
			.increment();
	}

	String projectName(String projectId) {
		return this.projectNames.getOrDefault(projectId, "other");
	}

	/** The last fetch per project id; empty for a project never asked for. */
	Map<String, Fetch> last() {
		return Map.copyOf(this.last);
	}

	/**
	 * The last fetch of a project's token.
	 *
	 * @param at when it ended
	 * @param succeeded whether IAM gave a token
	 * @param failure why not, when not
	 */
	record Fetch(Instant at, boolean succeeded, @Nullable String failure) {
	}

}
