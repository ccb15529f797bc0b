import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fast stand-in for IAM, GeminiDB and the identity provider's key set, on loopback, for
 * the create-path benchmark (bench/README.md). It answers as the cloud does when all goes
 * well (docs/cloud-api.md), in microseconds, so what the benchmark measures is the gateway.
 * <p>
 * Usage: {@code java bench/CloudStub.java PORT DIR}. Writes into DIR a bearer token for
 * team {@code bench} ({@code token}, RS256, valid two hours) and an Ed25519 audit signing
 * key ({@code audit-signing-key.pem}). {@code GET /stats} tells how many IAM tokens and
 * backups it gave out (to the gateway: those asked with a token it issued);
 * {@code POST /stats/reset} starts the counts again.
 */
public class CloudStub {

	private static final AtomicLong iamCalls = new AtomicLong();

	private static final AtomicLong creates = new AtomicLong();

	/** Creates with a token this stub issued: the gateway's, not the benchmark's direct calls. */
	private static final AtomicLong gatewayCreates = new AtomicLong();

	/**
	 * The jobs of the gateway's creates, ordered by when they started (each ends at once): a
	 * list call reads only its window, so its cost does not grow with every job made before.
	 */
	private static final java.util.concurrent.ConcurrentSkipListSet<StartedJob> jobs = new java.util.concurrent.ConcurrentSkipListSet<>(
			java.util.Comparator.comparing(StartedJob::started).thenComparing(StartedJob::id));

	private record StartedJob(Instant started, String id) {
	}

	private static final AtomicLong jobListCalls = new AtomicLong();

	private static final AtomicLong jobLookups = new AtomicLong();

	public static void main(String[] args) throws Exception {
		int port = Integer.parseInt(args[0]);
		Path dir = Path.of(args[1]);
		KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
		Files.writeString(dir.resolve("token"), token(rsa));
		Files.writeString(dir.resolve("audit-signing-key.pem"), "-----BEGIN PRIVATE KEY-----\n"
				+ Base64.getMimeEncoder(64, new byte[] { '\n' })
					.encodeToString(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded())
				+ "\n-----END PRIVATE KEY-----\n");
		String jwks = jwks((RSAPublicKey) rsa.getPublic());

		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
		server.setExecutor(Executors.newFixedThreadPool(4));
		server.createContext("/", (exchange) -> {
			try (exchange) {
				drain(exchange.getRequestBody());
				route(exchange, jwks);
			}
		});
		server.start();
		System.out.println("cloud stub on 127.0.0.1:" + port);
	}

	private static void route(HttpExchange exchange, String jwks) throws IOException {
		String method = exchange.getRequestMethod();
		String path = exchange.getRequestURI().getPath();
		if (method.equals("POST") && path.equals("/v3/auth/tokens")) {
			iamCalls.incrementAndGet();
			exchange.getResponseHeaders().add("X-Subject-Token", "stub-" + UUID.randomUUID());
			String expires = Instant.now().plus(24, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS).toString();
			send(exchange, 201, "{\"token\":{\"expires_at\":\"" + expires + "\",\"methods\":[\"password\"]}}");
		}
		else if (method.equals("POST") && path.matches("/v3/[^/]+/instances/[^/]+/backups")) {
			String token = exchange.getRequestHeaders().getFirst("X-Auth-Token");
			boolean gateway = token != null && token.startsWith("stub-");
			(gateway ? gatewayCreates : creates).incrementAndGet();
			String jobId = UUID.randomUUID().toString();
			if (gateway) {
				jobs.add(new StartedJob(Instant.now(), jobId));
			}
			send(exchange, 202, "{\"job_id\":\"" + jobId + "\",\"backup_id\":\""
					+ UUID.randomUUID().toString().replace("-", "") + "br06\"}");
		}
		else if (method.equals("GET") && path.matches("/v3/[^/]+/jobs")) {
			java.util.Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
			String id = query.get("id");
			if (id != null) {
				jobLookups.incrementAndGet();
				String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "+0000");
				send(exchange, 200, "{\"total_count\":1,\"jobs\":[" + job(id, now) + "]}");
				return;
			}
			// the job list: every job of the gateway's has ended; newest first, in pages
			jobListCalls.incrementAndGet();
			java.util.NavigableSet<StartedJob> listed = java.util.Collections.emptyNavigableSet();
			if ("Completed".equals(query.get("status"))) {
				java.time.format.DateTimeFormatter format = java.time.format.DateTimeFormatter
					.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");
				Instant since = java.time.OffsetDateTime
					.parse(query.getOrDefault("start_time", "1970-01-01T00:00:00+0000"), format)
					.toInstant();
				Instant until = java.time.OffsetDateTime
					.parse(query.getOrDefault("end_time", "2999-01-01T00:00:00+0000"), format)
					.toInstant()
					.plusSeconds(1);
				if (since.isBefore(until)) {
					listed = jobs.subSet(new StartedJob(since, ""), true, new StartedJob(until, ""), false).descendingSet();
				}
			}
			int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
			int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
			String page = String.join(",", listed.stream()
				.skip(offset)
				.limit(limit)
				.map((job) -> job(job.id(), job.started().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "+0000")))
				.toList());
			send(exchange, 200, "{\"total_count\":" + listed.size() + ",\"jobs\":[" + page + "]}");
		}
		else if (method.equals("GET") && path.matches("/v4/[^/]+/backups")) {
			send(exchange, 200, "{\"total_count\":0,\"backups\":[]}");
		}
		else if (method.equals("GET") && path.equals("/jwks")) {
			send(exchange, 200, jwks);
		}
		else if (method.equals("GET") && path.equals("/stats")) {
			send(exchange, 200, "{\"iam_calls\":" + iamCalls.get() + ",\"creates\":" + creates.get()
					+ ",\"gateway_creates\":" + gatewayCreates.get() + ",\"job_list_calls\":" + jobListCalls.get()
					+ ",\"job_lookups\":" + jobLookups.get() + "}");
		}
		else if (method.equals("POST") && path.equals("/stats/reset")) {
			iamCalls.set(0);
			creates.set(0);
			gatewayCreates.set(0);
			jobs.clear();
			jobListCalls.set(0);
			jobLookups.set(0);
			send(exchange, 204, null);
		}
		else {
			send(exchange, 404, "{\"error_code\":\"STUB.404\",\"error_msg\":\"not stubbed\"}");
		}
	}

	private static String job(String id, String at) {
		return "{\"id\":\"" + id + "\",\"name\":\"BackupInstance\",\"status\":\"Completed\",\"start_time\":\"" + at
				+ "\",\"end_time\":\"" + at + "\",\"progress\":\"\"}";
	}

	private static java.util.Map<String, String> query(String raw) {
		java.util.Map<String, String> query = new java.util.HashMap<>();
		if (raw != null) {
			for (String pair : raw.split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					query.put(pair.substring(0, equals), java.net.URLDecoder.decode(pair.substring(equals + 1),
							StandardCharsets.UTF_8));
				}
			}
		}
		return query;
	}

	private static void drain(InputStream body) throws IOException {
		body.transferTo(java.io.OutputStream.nullOutputStream());
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		if (body == null) {
			exchange.sendResponseHeaders(status, -1);
			return;
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
	}

	private static String token(KeyPair rsa) throws Exception {
		long now = Instant.now().getEpochSecond();
		String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"bench\"}";
		String claims = "{\"sub\":\"bench-caller\",\"preferred_username\":\"bench-caller\",\"aud\":\"backup-gateway\","
				+ "\"teams\":[\"bench\"],\"scope\":\"backup:create\",\"jti\":\"" + UUID.randomUUID() + "\",\"iat\":"
				+ now + ",\"exp\":" + (now + 7200) + "}";
		String signingInput = base64(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64(claims.getBytes(StandardCharsets.UTF_8));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(rsa.getPrivate());
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + base64(signature.sign());
	}

	private static String jwks(RSAPublicKey key) {
		return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"bench\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
				+ base64(unsigned(key.getModulus().toByteArray())) + "\",\"e\":\""
				+ base64(unsigned(key.getPublicExponent().toByteArray())) + "\"}]}";
	}

	private static byte[] unsigned(byte[] twosComplement) {
		return (twosComplement.length > 1 && twosComplement[0] == 0)
				? java.util.Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
	}

	private static String base64(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
