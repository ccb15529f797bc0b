package io.backupgateway.backup;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.backupgateway.testsupport.CloudStub;
import io.backupgateway.testsupport.GatewayHttp;
import io.backupgateway.testsupport.GatewayIntegrationTest;
import io.backupgateway.testsupport.TestJwts;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random names, descriptions, paths, headers and bodies (10,000, from a fixed seed, so a
 * failure repeats), judged by an oracle written from the upstream document's wording and
 * the contract's order of checks, not from the gateway's code: never a 5xx, the status
 * the oracle expects, and the cloud called exactly for the requests the oracle calls
 * valid.
 */
@GatewayIntegrationTest
class FuzzIT {

	static final int CASES = 10_000;

	static final String REGISTERED = CloudStub.PAYMENTS_INSTANCE;

	static final JsonMapper JSON = JsonMapper.builder().build();

	final GatewayHttp http;

	final WireMockServer cloud;

	final Random random = new Random(20261202L);

	FuzzIT(GatewayHttp http, WireMockServer cloud) {
		this.http = http;
		this.cloud = cloud;
	}

	@Test
	void randomRequestsGetTheAnswerTheContractPredicts() {
		// a caller of its own: its keys meet no other test's, nor an earlier run's
		String token = TestJwts.token((claims) -> claims.subject("fuzz-" + UUID.randomUUID())
			.claim("teams", java.util.List.of("payments"))
			.claim("scope", "backup:create"));
		int valid = 0;
		Map<String, String> keys = new java.util.HashMap<>();
		for (int i = 0; i < CASES; i++) {
			Case request = idempotent(randomCase(), keys);
			HttpResponse<String> response = request.key() != null
					? this.http.post(request.path(), token, request.body(), "Idempotency-Key", request.key())
					: this.http.post(request.path(), token, request.body());
			assertThat(response.statusCode()).as("case %d: %s", i, request).isLessThan(500);
			assertThat(response.statusCode()).as("case %d: %s -> %s", i, request, response.body())
				.isEqualTo(request.expected());
			if (request.expected() == 202 && !request.replay()) {
				valid++;
			}
		}
		assertThat(this.cloud.findAll(postRequestedFor(urlPathMatching("/v3/.*/backups")))).hasSize(valid);
		assertThat(valid).as("the generator reaches the cloud often enough to mean something").isGreaterThan(200);
	}

	/**
	 * Every query parameter of every read endpoint, known and unknown, with values from
	 * valid to absurd (instants beyond any calendar, numbers beyond any integer, control
	 * characters): never a 5xx, and never a stack trace in an answer.
	 */
	@Test
	void randomReadQueriesAreNeverAServerError() {
		this.cloud.stubFor(get(urlPathMatching("/v4/[0-9a-f]{32}/backups"))
			.willReturn(okJson("{\"total_count\": 0, \"backups\": []}")));
		String token = TestJwts.token((claims) -> claims.subject("fuzz-reader-" + UUID.randomUUID())
			.claim("teams", java.util.List.of("payments"))
			.claim("scope", "backup:create audit:read"));
		String[] filters = { "team", "instance_id", "actor", "action", "outcome", "from", "to", "request_id",
				"backup_id", "job_id", "backup_name" };
		for (int i = 0; i < READ_CASES; i++) {
			int endpoint = this.random.nextInt(10);
			String path = switch (endpoint) {
				case 0, 1, 2 -> "/v1/audit";
				case 3 -> "/v1/audit/export";
				case 4 -> "/v1/audit/" + segment(pick(UUID.randomUUID().toString(), text(1, 40, ALPHABET)));
				case 5 -> "/v1/audit/digests";
				case 6 -> "/v1/teams/" + pick("payments", "search", "p", "x".repeat(70)) + "/backups";
				case 7 ->
					"/v1/teams/payments/jobs/" + segment(pick(UUID.randomUUID().toString(), text(1, 40, ALPHABET)));
				case 8 -> "/v1/teams/" + pick("payments", "nobody") + "/instances";
				default -> "/v1/me";
			};
			StringBuilder query = new StringBuilder();
			int parameters = this.random.nextInt(5);
			for (int p = 0; p < parameters; p++) {
				String name = switch (this.random.nextInt(8)) {
					case 0 -> "limit";
					case 1 -> "cursor";
					case 2 -> "format";
					case 3 -> "offset";
					case 4 -> text(1, 10, ALPHABET);
					default -> filters[this.random.nextInt(filters.length)];
				};
				query.append((query.length() == 0) ? '?' : '&')
					.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
					.append('=')
					.append(URLEncoder.encode(readValue(), StandardCharsets.UTF_8));
			}
			if (endpoint == 3) {
				// an export reads what it matches: keep it to a team with nothing in it
				query.append((query.length() == 0) ? '?' : '&').append("team=fuzz-nothing&format=ndjson");
			}
			HttpResponse<String> response = this.http
				.send(this.http.request(path + query).header("Authorization", "Bearer " + token).GET().build());
			assertThat(response.statusCode()).as("case %d: %s -> %s", i, path + query, response.body()).isLessThan(500);
			assertThat(response.body()).as("case %d: %s", i, path + query).doesNotContain("Exception");
		}
	}

	static final int READ_CASES = 2_000;

	private static String segment(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	private String readValue() {
		return switch (this.random.nextInt(12)) {
			case 0 -> "+999999999-01-01T00:00:00Z";
			case 1 -> "-999999999-01-01T00:00:00Z";
			case 2 -> pick("2026-12-04T12:00:00Z", "2026-12-04T12:00:00+14:00", "0000-01-01T00:00:00Z",
					"9999-12-31T23:59:59.999999999Z", "10000-01-01T00:00:00Z");
			case 3 -> pick("0", "-1", "1", "500", "501", "99999999999999999999", "1e3", "0x10", "");
			case 4 -> pick("csv", "ndjson", "xml", "CSV");
			case 5 -> pick("backup.create", "backup.job", "backup.delete", "accepted", "pending", "payments");
			case 6 -> UUID.randomUUID().toString();
			default -> text(0, 60, ALPHABET);
		};
	}

	private Case randomCase() {
		String team = pick("payments", "payments", "payments", "search", "Payments", "p", "-payments", "pay_ments");
		String instance = pick(REGISTERED, REGISTERED, REGISTERED, "b5e9fb3695f158540b778814d1795220in06",
				"c6f0ac47a6a269651c889925e28a6331in06", "unknown1", "bad-id", "x".repeat(65), "ünï");
		String key = switch (this.random.nextInt(6)) {
			case 0 -> null;
			case 1 -> text(0, 3, "ab -~!");
			case 2 -> "k".repeat(129);
			default -> "key-" + UUID.randomUUID();
		};
		String name = (this.random.nextInt(3) == 0) ? text(0, 70, ALPHABET) : "payments-" + text(0, 60, NAME_CHARS);
		String description = this.random.nextBoolean() ? text(0, 80, READABLE) : text(0, 280, ALPHABET);
		Map<String, Object> fields = new LinkedHashMap<>();
		int shape = this.random.nextInt(20);
		if (shape != 0) {
			fields.put("name", name);
		}
		if (shape != 1) {
			fields.put("description", description);
		}
		if (shape == 2) {
			fields.put("backup_type", "full");
		}
		if (shape == 3) {
			fields.put("name", 42);
		}
		String body = (shape == 4) ? "{\"name\": \"payments-x\"," : JSON.writeValueAsString(fields);
		String path = "/v1/teams/" + URLEncoder.encode(team, StandardCharsets.UTF_8) + "/instances/"
				+ URLEncoder.encode(instance, StandardCharsets.UTF_8) + "/backups";
		return new Case(path, key, body, expected(team, instance, key, shape, name, description), false,
				instance + "\n" + name + "\n" + description);
	}

	/**
	 * A request that passed every check before the key, with a key an earlier accepted
	 * request used: the same request is a replay (no cloud call), another is a conflict.
	 */
	private static Case idempotent(Case request, Map<String, String> keys) {
		if (request.key() == null || request.expected() != 202) {
			return request;
		}
		String key = request.key().replaceAll("^[ \\t]+|[ \\t]+$", "");
		String earlier = keys.putIfAbsent(key, request.what());
		if (earlier == null) {
			return request;
		}
		return earlier.equals(request.what())
				? new Case(request.path(), request.key(), request.body(), 202, true, request.what())
				: new Case(request.path(), request.key(), request.body(), 422, false, request.what());
	}

	/**
	 * docs/design.md 3.4, "Order of checks", and the upstream API's rules for a backup.
	 */
	private static int expected(String team, String instance, String key, int shape, String name, String description) {
		boolean teamSyntax = team.matches("[a-z][a-z0-9-]{1,62}");
		boolean instanceSyntax = instance.matches("[A-Za-z0-9]{1,64}");
		// a header value's surrounding spaces are not part of it (RFC 9110, 5.5)
		boolean keySyntax = key == null || key.replaceAll("^[ \\t]+|[ \\t]+$", "").matches("[\\x21-\\x7e]{1,128}");
		if (!teamSyntax || !instanceSyntax || !keySyntax) {
			return 400;
		}
		if (!team.equals("payments")) {
			return 403;
		}
		if (!instance.equals(REGISTERED) && !instance.equals("b5e9fb3695f158540b778814d1795220in06")) {
			return 404;
		}
		if (shape <= 4) {
			return 400;
		}
		if (!upstreamName(name) || !upstreamDescription(description)) {
			return 400;
		}
		return name.startsWith("payments-") ? 202 : 400;
	}

	/**
	 * "4 to 64 characters, starting with a letter; letters, digits, hyphens,
	 * underscores."
	 */
	private static boolean upstreamName(String name) {
		return name.matches("[A-Za-z][A-Za-z0-9_-]{3,63}");
	}

	/** At most 256 characters, none of >!<"&'=, nothing a portal cannot show. */
	private static boolean upstreamDescription(String description) {
		if (description.codePointCount(0, description.length()) > 256) {
			return false;
		}
		return description.codePoints()
			.noneMatch((c) -> ">!<\"&'=".indexOf(c) >= 0 || Character.getType(c) == Character.CONTROL
					|| Character.getType(c) == Character.FORMAT || c == 0x2028 || c == 0x2029);
	}

	static final String NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";

	static final String READABLE = NAME_CHARS + " .,;:/()[]#%+*?@~^|$\u00e9\u00fc\u00df\u65e5\u672c";

	static final String ALPHABET = NAME_CHARS + " .,;:/\\()[]{}#%+*?@~^`|$><!\"&'=\t\n\u0000\u0001\u007f\u0085"
			+ "\u00e9\u00fc\u00df\u65e5\u672c\u200b\u202e\u2066\ufeff\u2028\u2029\u00ad\u00a0";

	private String text(int min, int max, String alphabet) {
		int length = min + this.random.nextInt(max - min + 1);
		StringBuilder text = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			text.append(alphabet.charAt(this.random.nextInt(alphabet.length())));
		}
		return text.toString();
	}

	private String pick(String... values) {
		return values[this.random.nextInt(values.length)];
	}

	record Case(String path, String key, String body, int expected, boolean replay, String what) {
	}

}
