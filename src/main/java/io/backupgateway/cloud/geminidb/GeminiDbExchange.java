package io.backupgateway.cloud.geminidb;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.backupgateway.cloud.CloudFailure;
import io.backupgateway.cloud.CloudFailure.Kind;
import io.backupgateway.cloud.iam.IamToken;
import io.backupgateway.cloud.iam.IamTokens;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.timeout.ReadTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * One call to a project's GeminiDB endpoint over WebClient, with the IAM token and the
 * retry rules of docs/design.md section 7: a backup is not idempotent, so a call that may
 * have reached the cloud is never repeated. Only two cases are retried, once each: a
 * connection that never opened, and a token error (401, or 403 {@code DBS.280056}), after
 * which the token is replaced.
 */
public final class GeminiDbExchange {

	private static final Logger log = LoggerFactory.getLogger(GeminiDbExchange.class);

	private final WebClient web;

	private final IamTokens tokens;

	private final UpstreamErrors errors;

	private final Duration blockLimit;

	private final UpstreamMeters meters;

	public GeminiDbExchange(WebClient web, IamTokens tokens, UpstreamErrors errors, Duration blockLimit,
			UpstreamMeters meters) {
		this.web = web;
		this.tokens = tokens;
		this.errors = errors;
		this.blockLimit = blockLimit;
		this.meters = meters;
	}

	/**
	 * Sends a call and returns whatever the cloud answered, 2xx or not.
	 * @param call the call
	 * @return the cloud's answer
	 * @throws CloudFailure when no answer could be had ({@code ERROR}, {@code TIMEOUT})
	 * or no token ({@code CREDENTIALS})
	 */
	public UpstreamAnswer exchange(Call call) {
		IamToken token = this.tokens.tokenFor(call.projectId());
		UpstreamAnswer answer = sendOnce(call, token);
		if (this.errors.isTokenError(answer)) {
			log.info("The cloud refused the IAM token for project {} (HTTP {}); retrying once with a new one",
					call.projectId(), answer.status());
			this.tokens.invalidate(call.projectId(), token);
			answer = sendOnce(call, this.tokens.tokenFor(call.projectId()));
		}
		return answer;
	}

	/**
	 * Like {@link #exchange}, for reads: anything but a 2xx is a failure.
	 * @param call the call
	 * @return the cloud's 2xx answer
	 * @throws CloudFailure {@code ERROR} for any other answer
	 */
	public UpstreamAnswer exchangeForOk(Call call) {
		UpstreamAnswer answer = exchange(call);
		if (answer.status() < 200 || answer.status() > 299) {
			throw new CloudFailure(Kind.ERROR, "The cloud answered HTTP " + answer.status() + ".",
					new CloudFailure.UpstreamError(answer.status(), null, null), null, null);
		}
		return answer;
	}

	private UpstreamAnswer sendOnce(Call call, IamToken token) {
		try {
			return send(call, token);
		}
		catch (ConnectionNeverOpened ex) {
			log.warn("No connection to the cloud for project {} ({}); retrying once", call.projectId(),
					ex.getMessage());
			try {
				return send(call, token);
			}
			catch (ConnectionNeverOpened again) {
				throw new CloudFailure(Kind.ERROR, "The cloud could not be reached.", again);
			}
		}
	}

	private UpstreamAnswer send(Call call, IamToken token) {
		long started = System.nanoTime();
		String outcome = "error";
		try {
			UpstreamAnswer answer = sendTimed(call, token);
			outcome = (answer.status() / 100) + "xx";
			return answer;
		}
		catch (CloudFailure ex) {
			outcome = (ex.kind() == Kind.TIMEOUT) ? "timeout" : "error";
			throw ex;
		}
		finally {
			this.meters.record(call, outcome, System.nanoTime() - started);
		}
	}

	private UpstreamAnswer sendTimed(Call call, IamToken token) {
		try {
			WebClient.RequestBodySpec spec = this.web.method(call.method())
				.uri(call.endpoint() + call.template(), call.variables())
				.header("X-Auth-Token", token.value())
				.accept(MediaType.APPLICATION_JSON);
			WebClient.RequestHeadersSpec<?> ready = (call.body() != null)
					? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(call.body()) : spec;
			UpstreamAnswer answer = ready
				.exchangeToMono((response) -> response.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map((bytes) -> new UpstreamAnswer(response.statusCode().value(),
							response.headers().asHttpHeaders().getFirst(HttpHeaders.RETRY_AFTER), bytes)))
				.block(this.blockLimit);
			if (answer == null) {
				throw new CloudFailure(Kind.ERROR, "The cloud gave no answer.", null, null, null, true);
			}
			return answer;
		}
		catch (WebClientRequestException ex) {
			throw translate(ex);
		}
		catch (IllegalStateException ex) {
			// block(...) ran out of time: the request may have been sent
			throw new CloudFailure(Kind.TIMEOUT, "The cloud did not answer in time.", ex);
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
			return new CloudFailure(Kind.TIMEOUT, "The cloud did not answer in time.", ex);
		}
		String what = (cause instanceof IOException) ? "The connection to the cloud was lost."
				: "The call to the cloud failed.";
		// the request may have been sent before the connection broke
		return new CloudFailure(Kind.ERROR, what, null, null, ex, true);
	}

	/**
	 * A call to GeminiDB: the configured endpoint, a constant URI template and its
	 * values, never caller text (invariant 5).
	 *
	 * @param projectId the project, the token's scope
	 * @param endpoint the project's configured base URL, without a trailing slash
	 * @param method the HTTP method
	 * @param template a constant path template
	 * @param variables the template's values
	 * @param body the JSON body, if any
	 */
	public record Call(String projectId, String endpoint, HttpMethod method, String template, Object[] variables,
			@Nullable Object body) {

		public Call {
			endpoint = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
		}

	}

	/** The connection failed before any byte of the request was sent: safe to retry. */
	private static final class ConnectionNeverOpened extends RuntimeException {

		ConnectionNeverOpened(String reason) {
			super(reason, null, false, false);
		}

	}

}
