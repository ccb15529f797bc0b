package io.backupgateway.cloud;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.backupgateway.cloud.geminidb.UpstreamAnswer;
import io.backupgateway.cloud.geminidb.UpstreamErrors;
import io.backupgateway.cloud.iam.IamToken;
import io.backupgateway.cloud.iam.IamTokens;
import io.backupgateway.config.GatewayProperties;
import io.backupgateway.web.GatewayException;
import io.backupgateway.web.ProblemCode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * The cloud's GeminiDB API, synchronously. Upstream URLs are built here and only here,
 * from a constant template, configuration and a validated {@link InstanceId} (invariant
 * 5).
 */
@Component
public class GeminiDb {

	private static final Logger log = LoggerFactory.getLogger(GeminiDb.class);

	static final String CREATE_BACKUP = "/v3/{project_id}/instances/{instance_id}/backups";

	private final WebClient web;

	private final IamTokens tokens;

	private final UpstreamErrors errors;

	private final Map<String, GatewayProperties.Project> projects;

	private final Duration blockLimit;

	private final CircuitBreakers breakers;

	GeminiDb(WebClient cloudWebClient, IamTokens tokens, tools.jackson.databind.json.JsonMapper json,
			GatewayProperties properties, CircuitBreakers breakers) {
		this.web = cloudWebClient;
		this.breakers = breakers;
		this.tokens = tokens;
		this.errors = new UpstreamErrors(json);
		this.projects = properties.cloud().projects();
		this.blockLimit = properties.cloud().connectTimeout().plus(properties.cloud().responseTimeout()).plusSeconds(1);
	}

	/**
	 * Creates a manual backup: {@code POST
	 * /v3/{project_id}/instances/{instance_id}/backups} with exactly {@code name} and
	 * {@code description}.
	 * <p>
	 * Retry rules (DESIGN section 7): a backup is not idempotent, so a POST that may have
	 * reached the cloud is never repeated. Only two cases are retried, once each: a
	 * connection that never opened, and a token error (401, or 403 {@code DBS.280056}),
	 * after which the token is replaced.
	 * <p>
	 * A circuit breaker per project pauses calls to an endpoint that keeps failing (5xx,
	 * timeouts, lost connections); while it is open the answer is
	 * {@code upstream-unavailable} and nothing is sent.
	 * @param project the project's name (a key of {@code gateway.cloud.projects})
	 * @param instance the instance
	 * @param name the backup name, already validated
	 * @param description the description, already validated
	 * @return the job and backup ids
	 * @throws GatewayException with the codes of DESIGN 3.2
	 */
	public BackupCreated createBackup(String project, InstanceId instance, String name, String description) {
		GatewayProperties.Project target = this.projects.get(project);
		if (target == null) {
			throw new IllegalStateException("unknown project " + project);
		}
		CircuitBreaker breaker = this.breakers.of(project);
		if (!breaker.tryAcquirePermission()) {
			throw new GatewayException(ProblemCode.UPSTREAM_UNAVAILABLE,
					"Calls to the cloud for this instance's project are paused after repeated failures.")
				.retryAfter(this.breakers.secondsUntilRetry(project));
		}
		long started = System.nanoTime();
		try {
			BackupCreated created = createBackup(target, instance, name, description);
			breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			return created;
		}
		catch (CredentialsUnavailable ex) {
			// IAM's failure says nothing about the GeminiDB endpoint
			breaker.releasePermission();
			throw ex;
		}
		catch (GatewayException ex) {
			if (isEndpointFailure(ex.code())) {
				breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, ex);
			}
			else {
				breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
			}
			throw ex;
		}
		catch (RuntimeException ex) {
			breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, ex);
			throw ex;
		}
	}

	private static boolean isEndpointFailure(ProblemCode code) {
		return code == ProblemCode.UPSTREAM_ERROR || code == ProblemCode.UPSTREAM_TIMEOUT;
	}

	private BackupCreated createBackup(GatewayProperties.Project target, InstanceId instance, String name,
			String description) {
		Map<String, String> body = Map.of("name", name, "description", description);
		IamToken token = this.tokens.tokenFor(target.id());
		UpstreamAnswer answer = postOnce(target, instance, body, token);
		if (this.errors.isTokenError(answer)) {
			log.info("The cloud refused the IAM token for project {} (HTTP {}); retrying once with a new one",
					target.id(), answer.status());
			this.tokens.invalidate(target.id(), token);
			answer = postOnce(target, instance, body, this.tokens.tokenFor(target.id()));
		}
		BackupCreated created = this.errors.toCreated(answer);
		log.info("The cloud accepted a backup of instance {} (HTTP {}, job {})", instance, created.upstreamStatus(),
				created.jobId());
		return created;
	}

	private UpstreamAnswer postOnce(GatewayProperties.Project project, InstanceId instance, Map<String, String> body,
			IamToken token) {
		try {
			return post(project, instance, body, token);
		}
		catch (ConnectionNeverOpened ex) {
			log.warn("No connection to the cloud for project {} ({}); retrying once", project.id(), ex.getMessage());
			try {
				return post(project, instance, body, token);
			}
			catch (ConnectionNeverOpened again) {
				throw new GatewayException(ProblemCode.UPSTREAM_ERROR, "The cloud could not be reached.", again);
			}
		}
	}

	private UpstreamAnswer post(GatewayProperties.Project project, InstanceId instance, Map<String, String> body,
			IamToken token) {
		try {
			UpstreamAnswer answer = this.web.post()
				.uri(trimSlash(project.endpoint().toString()) + CREATE_BACKUP, project.id(), instance.value())
				.header("X-Auth-Token", token.value())
				.contentType(MediaType.APPLICATION_JSON)
				.accept(MediaType.APPLICATION_JSON)
				.bodyValue(body)
				.exchangeToMono((response) -> response.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map((bytes) -> new UpstreamAnswer(response.statusCode().value(),
							response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), bytes)))
				.block(this.blockLimit);
			if (answer == null) {
				throw new GatewayException(ProblemCode.UPSTREAM_ERROR, "The cloud gave no answer.");
			}
			return answer;
		}
		catch (WebClientRequestException ex) {
			throw translate(ex);
		}
		catch (IllegalStateException ex) {
			// block(...) ran out of time: the request may have been sent
			throw new GatewayException(ProblemCode.UPSTREAM_TIMEOUT, "The cloud did not answer in time.", ex);
		}
	}

	private static RuntimeException translate(WebClientRequestException ex) {
		Throwable cause = ex.getCause();
		if (cause instanceof ConnectException || cause instanceof ConnectTimeoutException
				|| cause instanceof TimeoutException) {
			// TimeoutException: no pooled connection became free in time
			return new ConnectionNeverOpened(cause.getClass().getSimpleName());
		}
		if (cause instanceof ReadTimeoutException) {
			return new GatewayException(ProblemCode.UPSTREAM_TIMEOUT, "The cloud did not answer in time.", ex);
		}
		String what = (cause instanceof IOException) ? "The connection to the cloud was lost."
				: "The call to the cloud failed.";
		return new GatewayException(ProblemCode.UPSTREAM_ERROR, what, ex);
	}

	private static String trimSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/** The connection failed before any byte of the request was sent: safe to retry. */
	private static final class ConnectionNeverOpened extends RuntimeException {

		ConnectionNeverOpened(String reason) {
			super(reason, null, false, false);
		}

	}

}
