package io.backupgateway.cloud.iam;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.backupgateway.config.CloudSettings;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * {@code iam} in {@code /actuator/health}: per project, the cached token's expiry and the
 * last fetch. {@code DEGRADED} when a project's last fetch failed and it has no usable
 * token: its creates fail with {@code identity-unavailable} until IAM answers again. Not
 * DOWN and not part of the readiness group (docs/design.md 3.6): an IAM outage must not
 * take the gateway out of service, where it still answers, audits and refuses clearly.
 */
class IamHealthIndicator extends AbstractHealthIndicator {

	static final Status DEGRADED = new Status("DEGRADED", "IAM gives no token for a project");

	private final IamTokens tokens;

	private final IamFetches fetches;

	private final CloudSettings cloud;

	private final Clock clock;

	IamHealthIndicator(IamTokens tokens, IamFetches fetches, CloudSettings cloud, Clock clock) {
		super("IAM health check failed");
		this.tokens = tokens;
		this.fetches = fetches;
		this.cloud = cloud;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, IamFetches.Fetch> last = this.fetches.last();
		boolean down = false;
		for (Map.Entry<String, CloudSettings.Project> project : this.cloud.projects().entrySet()) {
			String id = project.getValue().id();
			Map<String, Object> detail = new LinkedHashMap<>();
			IamToken token = this.tokens.cached(id);
			boolean usable = token != null && token.isUsable(this.clock.instant());
			detail.put("token", usable ? "valid until " + token.expiresAt() : "none");
			IamFetches.Fetch fetch = last.get(id);
			if (fetch != null) {
				detail.put("last_fetch", fetch.at().toString());
				detail.put("last_fetch_result", fetch.succeeded() ? "success" : "failure");
				if (!fetch.succeeded()) {
					detail.put("last_failure", fetch.failure());
					down |= !usable;
				}
			}
			builder.withDetail(project.getKey(), detail);
		}
		if (down) {
			builder.status(DEGRADED);
		}
		else {
			builder.up();
		}
	}

}
