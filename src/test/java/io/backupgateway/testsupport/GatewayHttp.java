package io.backupgateway.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for full tests: the JDK's, because the error contract needs exact
 * control of the bytes and headers sent (no body, no content type, oversized or malformed
 * bodies).
 */
public final class GatewayHttp {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final String base;

	private final int port;

	public GatewayHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
		this.port = port;
	}

	public int port() {
		return this.port;
	}

	public static String backupsOf(String team, String instance) {
		return "/v1/teams/" + team + "/instances/" + instance + "/backups";
	}

	public static String body(String name, String description) {
		return "{\"name\":\"" + name + "\",\"description\":\"" + description + "\"}";
	}

	public HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(this.base + path)).timeout(Duration.ofSeconds(20));
	}

	/** POST a JSON body with a bearer token. */
	public HttpResponse<String> post(String path, String token, String json, String... headers) {
		HttpRequest.Builder request = request(path).header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return send(request.build());
	}

	/**
	 * Sends a request; every answer is held to the OpenAPI document
	 * ({@link ContractCheck}).
	 */
	public HttpResponse<String> send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			ContractCheck.check(request, response);
			return response;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public static JsonNode json(HttpResponse<String> response) {
		return JSON.readTree(response.body());
	}

}
