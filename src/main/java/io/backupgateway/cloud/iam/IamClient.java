package io.backupgateway.cloud.iam;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import io.backupgateway.cloud.CredentialsUnavailable;
import io.backupgateway.config.CloudSettings;
import io.netty.handler.timeout.ReadTimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;

/**
 * Exchanges the gateway's IAM user credentials for a project-scoped token: {@code POST
 * {endpoint}/v3/auth/tokens?nocatalog=true}, token from the {@code X-Subject-Token}
 * header, lifetime from {@code token.expires_at} (docs/design.md section 7,
 * docs/cloud-api.md "IAM"). Every failure becomes {@link CredentialsUnavailable}; neither
 * the password nor the token is ever logged.
 */
public class IamClient {

	private static final Logger log = LoggerFactory.getLogger(IamClient.class);

	private static final String SUBJECT_TOKEN = "X-Subject-Token";

	private final WebClient web;

	private final JsonMapper json;

	private final CloudSettings.Iam iam;

	private final Duration blockLimit;

	private final Clock clock;

	public IamClient(WebClient web, JsonMapper json, CloudSettings cloud, Clock clock) {
		this.web = web;
		this.json = json;
		this.iam = cloud.iam();
		this.blockLimit = cloud.connectTimeout().plus(cloud.responseTimeout()).plusSeconds(1);
		this.clock = clock;
	}

	/**
	 * Fetches a new token.
	 * @param projectId the project the token is scoped to
	 * @return the token
	 * @throws CredentialsUnavailable when IAM gives no usable token
	 */
	public IamToken fetch(String projectId) {
		Answer answer = exchange(projectId);
		if (answer.status() < 200 || answer.status() > 299) {
			log.warn("IAM refused a token for project {}: HTTP {} {}", projectId, answer.status(),
					errorCode(answer.body()));
			throw new CredentialsUnavailable("IAM refused to issue a token for the instance's project.");
		}
		if (answer.token() == null || answer.token().isBlank()) {
			log.warn("IAM answered HTTP {} for project {} without an X-Subject-Token header", answer.status(),
					projectId);
			throw new CredentialsUnavailable("IAM answered without a token.");
		}
		Instant expiresAt = expiresAt(answer.body());
		if (expiresAt == null) {
			log.warn("IAM token for project {} has no readable token.expires_at", projectId);
			throw new CredentialsUnavailable("IAM answered with an unreadable token.");
		}
		return new IamToken(answer.token(), this.clock.instant(), expiresAt);
	}

	private Answer exchange(String projectId) {
		URI uri = URI.create(trimSlash(this.iam.endpoint().toString()) + "/v3/auth/tokens?nocatalog=true");
		byte[] body = this.json.writeValueAsBytes(requestBody(projectId));
		try {
			Answer answer = this.web.post()
				.uri(uri)
				.header(HttpHeaders.CONTENT_TYPE, "application/json;charset=utf8")
				.bodyValue(body)
				.exchangeToMono((response) -> response.bodyToMono(byte[].class)
					.defaultIfEmpty(new byte[0])
					.map((bytes) -> new Answer(response.statusCode().value(),
							response.headers().asHttpHeaders().getFirst(SUBJECT_TOKEN), bytes)))
				.block(this.blockLimit);
			if (answer == null) {
				throw new CredentialsUnavailable("IAM gave no answer.");
			}
			return answer;
		}
		catch (WebClientRequestException ex) {
			boolean timeout = ex.getCause() instanceof ReadTimeoutException;
			log.warn("IAM call for project {} failed: {}", projectId,
					timeout ? "no answer within the response timeout" : ex.getCause().getClass().getSimpleName());
			throw new CredentialsUnavailable(timeout ? "IAM did not answer in time." : "IAM could not be reached.");
		}
		catch (IllegalStateException ex) {
			log.warn("IAM call for project {} did not complete in time", projectId);
			throw new CredentialsUnavailable("IAM did not answer in time.");
		}
	}

	private Map<String, Object> requestBody(String projectId) {
		return Map.of("auth",
				Map.of("identity",
						Map.of("methods", List.of("password"), "password",
								Map.of("user",
										Map.of("name", this.iam.username(), "password", this.iam.password(), "domain",
												Map.of("name", this.iam.domain())))),
						"scope", Map.of("project", Map.of("id", projectId))));
	}

	private @Nullable Instant expiresAt(byte[] body) {
		try {
			JsonNode expires = this.json.readTree(body).path("token").path("expires_at");
			return expires.isString() ? Instant.parse(expires.stringValue()) : null;
		}
		catch (JacksonException | DateTimeParseException ex) {
			return null;
		}
	}

	private String errorCode(byte[] body) {
		try {
			JsonNode root = this.json.readTree(body);
			String code = root.path("error_code").asString("");
			if (code.isEmpty()) {
				code = root.path("error").path("code").asString("");
			}
			return code;
		}
		catch (JacksonException ex) {
			return "";
		}
	}

	private static String trimSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	private record Answer(int status, @Nullable String token, byte[] body) {
	}

}
