import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model load at a fixed rate: request i leaves at start + i / rate whatever the
 * answers before it did, and its latency counts from that planned moment, so a stall is
 * not hidden by the requests it held back (no coordinated omission). Evenly spaced, unlike
 * a pool of workers that each wait for a tick, which sends bursts.
 * <p>
 * Usage: {@code java bench/FixedRate.java URL RATE SECONDS HEADER BODY}, where HEADER
 * is {@code Name: value}. The first five seconds, at the same rate, warm this client up
 * and are not counted. Prints {@code p50 p90 p99 ok errors all-2xx} (milliseconds; ok and
 * errors of the counted requests; 2xx answers of all, warm-up included).
 */
public class FixedRate {

	public static void main(String[] args) throws Exception {
		URI uri = URI.create(args[0]);
		int rate = Integer.parseInt(args[1]);
		int seconds = Integer.parseInt(args[2]);
		String[] header = args[3].split(":\\s*", 2);
		String body = args[4];
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.executor(Executors.newFixedThreadPool(4))
			.connectTimeout(Duration.ofSeconds(5))
			.build();
		int warm = rate * 5;
		int total = warm + rate * seconds;
		long[] latencies = new long[total];
		AtomicInteger errors = new AtomicInteger();
		AtomicInteger successes = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(total);
		long start = System.nanoTime() + 100_000_000L;
		for (int i = 0; i < total; i++) {
			long planned = start + (long) i * 1_000_000_000L / rate;
			long wait;
			while ((wait = planned - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			int index = i;
			HttpRequest request = HttpRequest.newBuilder(uri)
				.timeout(Duration.ofSeconds(10))
				.header(header[0], header[1])
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body))
				.build();
			client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
				latencies[index] = System.nanoTime() - planned;
				boolean success = failure == null && response.statusCode() / 100 == 2;
				if (success) {
					successes.incrementAndGet();
				}
				else if (index >= warm) {
					errors.incrementAndGet();
				}
				done.countDown();
			});
		}
		done.await();
		long[] counted = Arrays.copyOfRange(latencies, warm, total);
		Arrays.sort(counted);
		System.out.printf("%.2f %.2f %.2f %d %d %d%n", millis(counted, 0.50), millis(counted, 0.90),
				millis(counted, 0.99), counted.length - errors.get(), errors.get(), successes.get());
		System.exit(0);
	}

	private static double millis(long[] sorted, double quantile) {
		return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
	}

}
