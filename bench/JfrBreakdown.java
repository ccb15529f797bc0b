import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the gateway's CPU goes, from a flight recording of one measured run: each execution
 * sample counts for the first frame, from the top of its stack down, whose class belongs to a
 * known part (JWT verification, JSON, logging, ...). Prints each part's share of the samples
 * and, given the process's CPU per request over the same run, its estimated CPU per request.
 *   java bench/JfrBreakdown.java recording.jfr [cpu-microseconds-per-request]
 */
public final class JfrBreakdown {

	// checked in this order for each frame, so a more specific prefix comes first
	private static final Map<String, String> PARTS = new LinkedHashMap<>();

	static {
		PARTS.put("com.nimbusds.", "JWT verification (Nimbus, RSA)");
		PARTS.put("sun.security.rsa.", "JWT verification (Nimbus, RSA)");
		PARTS.put("org.springframework.security.oauth2.", "JWT verification (Nimbus, RSA)");
		PARTS.put("com.sun.crypto.provider.", "audit entry MAC (HMAC-SHA256)");
		PARTS.put("javax.crypto.", "audit entry MAC (HMAC-SHA256)");
		PARTS.put("tools.jackson.", "JSON (Jackson)");
		PARTS.put("com.fasterxml.jackson.", "JSON (Jackson)");
		PARTS.put("ch.qos.logback.", "logging");
		PARTS.put("org.slf4j.", "logging");
		PARTS.put("io.micrometer.tracing.", "tracing");
		PARTS.put("io.opentelemetry.", "tracing");
		PARTS.put("io.micrometer.observation.", "observation (meters and spans)");
		PARTS.put("io.micrometer.", "meters");
		PARTS.put("io.prometheus.", "meters");
		PARTS.put("org.postgresql.", "JDBC (driver, pool, templates)");
		PARTS.put("org.h2.", "JDBC (driver, pool, templates)");
		PARTS.put("com.zaxxer.hikari.", "JDBC (driver, pool, templates)");
		PARTS.put("org.springframework.jdbc.", "JDBC (driver, pool, templates)");
		PARTS.put("org.springframework.transaction.", "JDBC (driver, pool, templates)");
		PARTS.put("io.github.resilience4j.", "circuit breaker");
		PARTS.put("io.netty.", "WebClient (Reactor Netty)");
		PARTS.put("reactor.", "WebClient (Reactor Netty)");
		PARTS.put("org.springframework.web.reactive.", "WebClient (Reactor Netty)");
		PARTS.put("org.springframework.http.client.", "WebClient (Reactor Netty)");
		PARTS.put("org.springframework.security.", "Spring Security filters");
		PARTS.put("org.apache.catalina.", "Tomcat");
		PARTS.put("org.apache.coyote.", "Tomcat");
		PARTS.put("org.apache.tomcat.", "Tomcat");
		PARTS.put("org.springframework.web.", "Spring MVC");
		PARTS.put("org.springframework.http.", "Spring MVC");
		PARTS.put("org.springframework.", "Spring (other)");
		PARTS.put("io.backupgateway.", "the gateway's own code");
	}

	public static void main(String[] args) throws IOException {
		Double perRequest = (args.length > 1) ? Double.valueOf(args[1]) : null;
		Map<String, Integer> counts = new TreeMap<>();
		int total = 0;
		for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
			if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
				continue;
			}
			total++;
			counts.merge(partOf(event), 1, Integer::sum);
		}
		if (total == 0) {
			System.out.println("  no execution samples in the recording");
			return;
		}
		int samples = total;
		System.out.printf("  %-40s %7s %s%n", "part (Java samples: " + samples + ")", "share",
				(perRequest != null) ? "  est. CPU per request (process CPU, JIT and GC included, by share)" : "");
		counts.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
			.forEach((part) -> {
				double share = part.getValue() / (double) samples;
				String estimate = (perRequest != null) ? String.format("  %6.0f us", share * perRequest) : "";
				System.out.printf("  %-40s %6.1f %%%s%n", part.getKey(), share * 100, estimate);
			});
	}

	private static String partOf(RecordedEvent sample) {
		String thread = (sample.getThread("sampledThread") != null)
				? String.valueOf(sample.getThread("sampledThread").getJavaName()) : "";
		if (thread.startsWith("background-")) {
			return "background jobs (sealer, follower, ...)";
		}
		List<RecordedFrame> frames = (sample.getStackTrace() != null) ? sample.getStackTrace().getFrames() : List.of();
		for (RecordedFrame frame : frames) {
			String type = frame.getMethod().getType().getName();
			for (Map.Entry<String, String> part : PARTS.entrySet()) {
				if (type.startsWith(part.getKey())) {
					return part.getValue();
				}
			}
		}
		return "JDK and JVM, no framework on the stack";
	}

}
