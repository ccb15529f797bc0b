import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the audit review API of a running gateway (see run.sh): p50/p95 per page for
 * typical reviews, deep pages through the cursor, and export throughput with the heap the
 * gateway used meanwhile. JDK only: run with `java AuditBench.java <api> <management> <token>`.
 */
public class AuditBench {

	static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	static final Pattern CURSOR = Pattern.compile("\"next_cursor\":\"([^\"]+)\"");

	static final Pattern HEAP = Pattern.compile("^jvm_memory_used_bytes\\{area=\"heap\"[^}]*} ([0-9.E+]+)$",
			Pattern.MULTILINE);

	static String api;

	static String management;

	static String token;

	/** Reviews of the current scenario answered 503 (the query took longer than query-timeout). */
	static int unavailable;

	public static void main(String[] args) throws Exception {
		api = args[0];
		management = args[1];
		token = args[2];
		int rounds = Integer.parseInt(System.getProperty("rounds", "200"));
		String last24h = enc(Instant.now().minus(Duration.ofHours(24)).toString());

		warmUp();
		System.out.println("scenario                                   p50 ms   p95 ms   max ms  (n, 503s)");
		report("team + last 24 h", time(rounds, (i) -> "/v1/audit?team=team-" + (i % 50) + "&from=" + last24h));
		report("one instance", time(rounds, (i) -> "/v1/audit?instance_id=inst" + (i % 500) + "x"));
		report("one outcome", time(rounds, (i) -> "/v1/audit?outcome=" + (((i % 2) == 0) ? "denied" : "failed")));
		report("one actor", time(rounds, (i) -> "/v1/audit?actor=actor-" + (i % 200)));
		report("one team, no time range", time(rounds, (i) -> "/v1/audit?team=team-" + (i % 50)));
		report("everything (auditor)", time(rounds, (i) -> "/v1/audit"));
		// each filter of docs/design.md 3.3 alone: every one has an index
		report("one action (backup.delete, rare)", time(rounds, (i) -> "/v1/audit?action=backup.delete"));
		report("one action (backup.create, common)", time(rounds, (i) -> "/v1/audit?action=backup.create"));
		report("one day (from + to)", time(rounds, (i) -> "/v1/audit?from=" + enc(day(i, 0)) + "&to=" + enc(day(i, 1))));
		report("one request id", time(rounds, (i) -> "/v1/audit?request_id=bench-" + (1 + i * 4999)));
		report("one backup id", time(rounds, (i) -> "/v1/audit?backup_id=" + md5(i * 10 + "-backup") + "br06"));
		report("one job id", time(rounds, (i) -> "/v1/audit?job_id=" + uuid(md5(i * 10 + "-job"))));
		report("one backup name", time(rounds, (i) -> "/v1/audit?backup_name=team-" + (i * 10 % 50) + "-backup-" + (i * 10)));
		report("deep pages via cursor (team, limit 100)", deepPages(rounds));
		export("ndjson");
		export("csv");
	}

	private static String day(int i, int plus) {
		return Instant.now().minus(Duration.ofDays(1 + (i % 80) - plus)).toString();
	}

	/** The hex MD5 of a text, as PostgreSQL's md5() in seed.sql. */
	private static String md5(String text) {
		try {
			byte[] digest = java.security.MessageDigest.getInstance("MD5")
				.digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			return java.util.HexFormat.of().formatHex(digest);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A hex MD5 as PostgreSQL prints it cast to uuid. */
	private static String uuid(String hex) {
		return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
				+ hex.substring(16, 20) + "-" + hex.substring(20);
	}

	interface Query {

		String path(int i);

	}

	static void warmUp() throws Exception {
		for (int i = 0; i < 100; i++) {
			get("/v1/audit?team=team-" + (i % 50) + "&limit=50");
			get("/v1/audit?instance_id=inst" + i + "x");
		}
	}

	static List<Double> time(int rounds, Query query) throws Exception {
		List<Double> millis = new ArrayList<>();
		for (int i = 0; i < rounds; i++) {
			long start = System.nanoTime();
			HttpResponse<String> response = get(query.path(i));
			millis.add((System.nanoTime() - start) / 1e6);
			if (response.statusCode() == 503) {
				// gateway.audit.query-timeout passed: the contract's answer, counted, not an error
				unavailable++;
			}
			else if (response.statusCode() != 200) {
				throw new IllegalStateException(query.path(i) + " -> " + response.statusCode() + " " + response.body());
			}
		}
		return millis;
	}

	static List<Double> deepPages(int pages) throws Exception {
		List<Double> millis = new ArrayList<>();
		String cursor = null;
		int team = 7;
		for (int i = 0; i < pages; i++) {
			String path = "/v1/audit?team=team-" + team + "&limit=100" + ((cursor != null) ? "&cursor=" + cursor : "");
			long start = System.nanoTime();
			HttpResponse<String> response = get(path);
			millis.add((System.nanoTime() - start) / 1e6);
			if (response.statusCode() == 503) {
				unavailable++;
			}
			else if (response.statusCode() != 200) {
				throw new IllegalStateException(path + " -> " + response.statusCode() + " " + response.body());
			}
			Matcher next = CURSOR.matcher(response.body());
			if (!next.find()) {
				team++;
				cursor = null;
				continue;
			}
			cursor = next.group(1);
		}
		return millis;
	}

	static void export(String format) throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong peakHeap = new AtomicLong();
		long before = heapUsed();
		Thread sampler = new Thread(() -> {
			while (running.get()) {
				try {
					peakHeap.accumulateAndGet(heapUsed(), Math::max);
					Thread.sleep(100);
				}
				catch (Exception ex) {
					return;
				}
			}
		});
		sampler.start();
		long start = System.nanoTime();
		HttpResponse<InputStream> response = HTTP.send(request("/v1/audit/export?format=" + format),
				HttpResponse.BodyHandlers.ofInputStream());
		long bytes = 0;
		long lines = 0;
		byte[] buffer = new byte[1 << 16];
		try (InputStream in = response.body()) {
			int read;
			while ((read = in.read(buffer)) > 0) {
				bytes += read;
				for (int i = 0; i < read; i++) {
					if (buffer[i] == '\n') {
						lines++;
					}
				}
			}
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		running.set(false);
		sampler.join();
		long entries = "csv".equals(format) ? lines - 1 : lines;
		System.out.printf("export %-6s %,d entries, %.1f MB in %.1f s (%,.0f entries/s); heap used before %d MB, peak %d MB%n",
				format, entries, bytes / 1e6, seconds, entries / seconds, before >> 20, peakHeap.get() >> 20);
	}

	static long heapUsed() throws Exception {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(management + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		Matcher pool = HEAP.matcher(response.body());
		double used = 0;
		while (pool.find()) {
			used += Double.parseDouble(pool.group(1));
		}
		return (long) used;
	}

	static HttpResponse<String> get(String path) throws Exception {
		return HTTP.send(request(path), HttpResponse.BodyHandlers.ofString());
	}

	static HttpRequest request(String path) {
		return HttpRequest.newBuilder(URI.create(api + path))
			.header("Authorization", "Bearer " + token)
			.timeout(Duration.ofMinutes(10))
			.build();
	}

	static void report(String name, List<Double> millis) {
		List<Double> sorted = new ArrayList<>(millis);
		Collections.sort(sorted);
		System.out.printf("%-40s %8.1f %8.1f %8.1f  (%d, %d)%n", name, percentile(sorted, 50), percentile(sorted, 95),
				sorted.get(sorted.size() - 1), sorted.size(), unavailable);
		unavailable = 0;
	}

	static double percentile(List<Double> sorted, int p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, index));
	}

	static String enc(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}
