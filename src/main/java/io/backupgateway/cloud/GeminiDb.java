package io.backupgateway.cloud;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.backupgateway.cloud.geminidb.GeminiDbWire;
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
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
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

	static final String JOBS = "/v3/{project_id}/jobs?id={job_id}";

	static final String BACKUPS = "/v4/{project_id}/backups?instance_id={instance_id}&limit={limit}&offset={offset}";

	static final int BACKUP_PAGE = 100;

	static final int MAX_LISTED_BACKUPS = 2000;

	private final WebClient web;

	private final IamTokens tokens;

	private final UpstreamErrors errors;

	private final GeminiDbWire wire;

	private final Map<String, GatewayProperties.Project> projects;

	private final Duration blockLimit;

	private final CircuitBreakers breakers;

	GeminiDb(WebClient cloudWebClient, IamTokens tokens, JsonMapper json, GatewayProperties properties,
			CircuitBreakers breakers) {
		this.web = cloudWebClient;
		this.breakers = breakers;
		this.tokens = tokens;
		this.errors = new UpstreamErrors(json);
		this.wire = new GeminiDbWire(json);
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
		Request request = new Request(HttpMethod.POST, CREATE_BACKUP, new Object[] { target.id(), instance.value() },
				Map.of("name", name, "description", description));
		BackupCreated created = this.errors.toCreated(exchange(target, request));
		log.info("The cloud accepted a backup of instance {} (HTTP {}, job {})", instance, created.upstreamStatus(),
				created.jobId());
		return created;
	}

	/**
	 * Reads a job: {@code GET /v3/{project_id}/jobs?id={job_id}}.
	 * @param projectId the id of the project the job runs in
	 * @param jobId the job id
	 * @return the job, or empty when the cloud does not list it (yet)
	 * @throws GatewayException when the cloud cannot be asked
	 */
	public Optional<Job> job(String projectId, String jobId) {
		GatewayProperties.Project project = projectById(projectId);
		UpstreamAnswer answer = exchange(project,
				new Request(HttpMethod.GET, JOBS, new Object[] { project.id(), jobId }, null));
		return this.wire.job(requireOk(answer), jobId);
	}

	/**
	 * Lists an instance's backups: {@code GET /v4/{project_id}/backups?instance_id=...},
	 * page by page.
	 * @param projectId the id of the project the instance lives in
	 * @param instance the instance
	 * @return every backup the cloud lists for it
	 * @throws GatewayException when the cloud cannot be asked
	 */
	public List<Backup> backups(String projectId, InstanceId instance) {
		GatewayProperties.Project project = projectById(projectId);
		List<Backup> all = new ArrayList<>();
		for (int offset = 0; offset < MAX_LISTED_BACKUPS; offset += BACKUP_PAGE) {
			UpstreamAnswer answer = exchange(project, new Request(HttpMethod.GET, BACKUPS,
					new Object[] { project.id(), instance.value(), BACKUP_PAGE, offset }, null));
			List<Backup> page = this.wire.backups(requireOk(answer));
			all.addAll(page);
			if (page.size() < BACKUP_PAGE) {
				break;
			}
		}
		return all;
	}

	private GatewayProperties.Project projectById(String projectId) {
		return this.projects.values()
			.stream()
			.filter((project) -> project.id().equals(projectId))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no project with id " + projectId + " is configured"));
	}

	private static UpstreamAnswer requireOk(UpstreamAnswer answer) {
		if (answer.status() < 200 || answer.status() > 299) {
			throw new GatewayException(ProblemCode.UPSTREAM_ERROR, "The cloud answered HTTP " + answer.status() + ".")
				.with("upstream_status", answer.status());
		}
		return answer;
	}

	/**
	 * One call with the retry rules of DESIGN section 7: a token error replaces the token
	 * and retries once; a connection that never opened is retried once; nothing else is.
	 */
	private UpstreamAnswer exchange(GatewayProperties.Project project, Request request) {
		IamToken token = this.tokens.tokenFor(project.id());
		UpstreamAnswer answer = sendOnce(project, request, token);
		if (this.errors.isTokenError(answer)) {
			log.info("The cloud refused the IAM token for project {} (HTTP {}); retrying once with a new one",
					project.id(), answer.status());
			this.tokens.invalidate(project.id(), token);
			answer = sendOnce(project, request, this.tokens.tokenFor(project.id()));
		}
		return answer;
	}

	private UpstreamAnswer sendOnce(GatewayProperties.Project project, Request request, IamToken token) {
		try {
			return send(project, request, token);
		}
		catch (ConnectionNeverOpened ex) {
			log.warn("No connection to the cloud for project {} ({}); retrying once", project.id(), ex.getMessage());
			try {
				return send(project, request, token);
			}
			catch (ConnectionNeverOpened again) {
				throw new GatewayException(ProblemCode.UPSTREAM_ERROR, "The cloud could not be reached.", again);
			}
		}
	}

	private UpstreamAnswer send(GatewayProperties.Project project, Request request, IamToken token) {
		try {
			WebClient.RequestBodySpec spec = this.web.method(request.method())
				.uri(trimSlash(project.endpoint().toString()) + request.template(), request.variables())
				.header("X-Auth-Token", token.value())
				.accept(MediaType.APPLICATION_JSON);
			WebClient.RequestHeadersSpec<?> ready = (request.body() != null)
					? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(request.body()) : spec;
			UpstreamAnswer answer = ready
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

	/** A call to GeminiDB: a constant URI template and its values, never caller text. */
	private record Request(HttpMethod method, String template, Object[] variables, @Nullable Object body) {
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
