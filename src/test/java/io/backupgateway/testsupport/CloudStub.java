package io.backupgateway.testsupport;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import org.springframework.test.context.DynamicPropertyRegistry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * One WireMock server, on loopback, playing the identity provider's JWKS, IAM and
 * GeminiDB for every test in the JVM (one server keeps the Spring test context
 * cacheable).
 */
public final class CloudStub {

	/** The IAM token the stub hands out; it must never show up anywhere but upstream. */
	public static final String IAM_TOKEN = "MIIT-secret-iam-token-7f3a";

	public static final String IAM_PASSWORD = "iam-S3cret-pw!";

	public static final String PROJECT_ID = "054e292c9880d4992f02c0196d3ea468";

	public static final String FRESH_PROJECT_ID = "9a1c0f3e5b7d4e2fa6c8b0d2e4f6a8c0";

	/**
	 * The first instance registered to team {@code payments} in the test configuration.
	 */
	public static final String PAYMENTS_INSTANCE = "a4d8ea2584e047439a667703c0684119in06";

	public static final String BACKUPS_PATH = "/v3/" + PROJECT_ID + "/instances/%s/backups";

	public static final String JOB_ID = "8061ceaf-b319-4315-9338-7f3de8e26f05";

	public static final String BACKUP_ID = "646d88d0b03f4fd2ae944ae2a33bcb6abr06";

	/** A loopback port nothing listens on: connections to it are refused. */
	public static final int CLOSED_PORT = closedPort();

	private static WireMockServer server;

	private CloudStub() {
	}

	public static synchronized WireMockServer server() {
		if (server == null) {
			server = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1")
				.dynamicPort()
				.templatingEnabled(true)
				.globalTemplating(true));
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		}
		return server;
	}

	public static String baseUrl() {
		return "http://127.0.0.1:" + server().port();
	}

	public static void register(DynamicPropertyRegistry registry) {
		registry.add("test.cloud.url", CloudStub::baseUrl);
		registry.add("test.closed-port", () -> CLOSED_PORT);
	}

	private static int closedPort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** Forgets every stub and request, then serves the JWKS, IAM and a happy GeminiDB. */
	public static void reset() {
		WireMockServer wm = server();
		wm.resetAll();
		wm.stubFor(get("/idp/jwks").willReturn(okJson(TestJwts.jwksJson())));
		wm.stubFor(iamTokens().willReturn(iamToken(IAM_TOKEN, Instant.now().plus(24, ChronoUnit.HOURS))));
		wm.stubFor(createBackups().willReturn(aResponse().withStatus(202)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"job_id\":\"" + JOB_ID + "\",\"backup_id\":\"" + BACKUP_ID + "\"}")));
	}

	/**
	 * A create answer with a job and a backup of their own, as the real cloud gives: for
	 * tests where which job has ended matters (the backup-in-progress rule).
	 * @return the answer
	 */
	public static ResponseDefinitionBuilder uniqueBackups() {
		return aResponse().withStatus(202)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"job_id\":\"{{randomValue type='UUID'}}\","
					+ "\"backup_id\":\"{{randomValue length=32 type='ALPHANUMERIC' lowercase=true}}br06\"}");
	}

	public static MappingBuilder iamTokens() {
		return post(urlPathEqualTo("/v3/auth/tokens")).withQueryParam("nocatalog", equalTo("true"));
	}

	public static MappingBuilder createBackups() {
		return post(urlPathMatching("/v3/[0-9a-f]{32}/instances/[A-Za-z0-9]+/backups"));
	}

	public static ResponseDefinitionBuilder iamToken(String token, Instant expiresAt) {
		return aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withHeader("X-Subject-Token", token)
			.withBody(
					"""
							{"token": {"methods": ["password"], "expires_at": "%s", "issued_at": "%s",
							  "user": {"id": "u1", "name": "backup-gateway", "password_expires_at": "2027-01-01T00:00:00.000000",
							           "domain": {"id": "d1", "name": "test-domain"}},
							  "project": {"id": "%s", "name": "eu-de", "domain": {"id": "d1", "name": "test-domain"}},
							  "roles": [{"id": "r1", "name": "te_admin"}]}}
							"""
						.formatted(expiresAt, Instant.now(), PROJECT_ID));
	}

	public static ResponseDefinitionBuilder cloudError(int status, String code, String message) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error_code\":\"" + code + "\",\"error_msg\":\"" + message + "\"}");
	}

}
