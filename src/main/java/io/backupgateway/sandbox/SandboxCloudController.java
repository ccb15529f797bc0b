package io.backupgateway.sandbox;

import io.backupgateway.config.CloudSettings;
import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The stand-in for GeminiDB that answers as the real API does (docs/design.md section 7,
 * docs/cloud-api.md; IAM's is {@link SandboxIamController}): it accepts and deletes
 * manual backups, runs each job for {@link #JOB_RUNS_FOR}, and lists jobs and backups. A
 * backup name's last segment asks it to misbehave, so portals can see every error
 * (README): {@code -busy}, {@code -taken}, {@code -throttled}, {@code -broken},
 * {@code -slow}, {@code -stale-token}, {@code -fails}. Only in the sandbox.
 */
@RestController
@Profile("sandbox")
class SandboxCloudController {

	static final Duration JOB_RUNS_FOR = Duration.ofSeconds(20);

	private static final DateTimeFormatter CLOUD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter CLOUD_TIME_PARSER = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ");

	private final Map<String, SandboxBackup> backups = new ConcurrentHashMap<>();

	private final Map<String, Boolean> staleTokenServed = new ConcurrentHashMap<>();

	/** Delete jobs: job id to when it started. */
	private final Map<String, Instant> deleteJobs = new ConcurrentHashMap<>();

	private final Duration slowFor;

	SandboxCloudController(CloudSettings cloud) {
		this.slowFor = cloud.responseTimeout().plusSeconds(2);
	}

	@PostMapping(path = "/sandbox/geminidb/v3/{project_id}/instances/{instance_id}/backups",
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> createBackup(@PathVariable("project_id") String projectId,
			@PathVariable("instance_id") String instanceId, @RequestBody Map<String, String> body)
			throws InterruptedException {
		String name = body.getOrDefault("name", "");
		String behaviour = name.substring(name.lastIndexOf('-') + 1);
		ResponseEntity<Map<String, String>> misbehaving = misbehaviour(behaviour);
		if (misbehaving != null) {
			return misbehaving;
		}
		switch (behaviour) {
			case "taken" -> {
				return error(HttpStatus.BAD_REQUEST, "DBS.201201", "The backup already exists.");
			}
			case "token" -> {
				if (name.endsWith("-stale-token") && this.staleTokenServed.putIfAbsent(name, true) == null) {
					return error(HttpStatus.UNAUTHORIZED, "APIGW.0307", "The token must be updated.");
				}
			}
			default -> {
				// a well-behaved cloud
			}
		}
		String jobId = UUID.randomUUID().toString();
		String backupId = UUID.randomUUID().toString().replace("-", "") + "br06";
		this.backups.put(jobId, new SandboxBackup(jobId, backupId, name, body.getOrDefault("description", ""),
				instanceId, Instant.now(), "fails".equals(behaviour), false));
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("job_id", jobId, "backup_id", backupId));
	}

	@GetMapping(path = "/sandbox/geminidb/v3/{project_id}/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> jobs(@RequestParam(required = false) @Nullable String id,
			@RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String name,
			@RequestParam(name = "start_time", required = false) @Nullable String startTime,
			@RequestParam(name = "end_time", required = false) @Nullable String endTime,
			@RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "50") int limit) {
		if (id != null) {
			Map<String, Object> job = job(id);
			return (job != null) ? Map.of("total_count", 1, "jobs", List.of(job))
					: Map.of("total_count", 0, "jobs", List.of());
		}
		// the job list (docs/cloud-api.md): by status, name and start, newest first, in
		// pages
		Instant since = (startTime != null) ? java.time.OffsetDateTime.parse(startTime, CLOUD_TIME_PARSER).toInstant()
				: Instant.EPOCH;
		Instant until = (endTime != null) ? java.time.OffsetDateTime.parse(endTime, CLOUD_TIME_PARSER).toInstant()
				: Instant.now();
		List<Map<String, Object>> matching = new java.util.ArrayList<>();
		java.util.stream.Stream.concat(this.backups.keySet().stream(), this.deleteJobs.keySet().stream())
			.map(this::job)
			.filter(java.util.Objects::nonNull)
			.filter((job) -> status == null || status.equals(job.get("status")))
			.filter((job) -> name == null || name.equals(job.get("name")))
			.filter((job) -> {
				Instant started = java.time.OffsetDateTime.parse((String) job.get("start_time"), CLOUD_TIME_PARSER)
					.toInstant();
				return !started.isBefore(since.truncatedTo(ChronoUnit.SECONDS)) && !started.isAfter(until);
			})
			.sorted(java.util.Comparator.comparing((Map<String, Object> job) -> (String) job.get("start_time"))
				.reversed())
			.forEach(matching::add);
		List<Map<String, Object>> page = matching.stream()
			.skip(offset)
			.limit(Math.min(50, Math.max(1, limit)))
			.toList();
		return Map.of("total_count", matching.size(), "jobs", page);
	}

	private @Nullable Map<String, Object> job(String id) {
		Instant deleteStarted = this.deleteJobs.get(id);
		if (deleteStarted != null) {
			boolean done = Duration.between(deleteStarted, Instant.now()).compareTo(JOB_RUNS_FOR) >= 0;
			Map<String, Object> job = new java.util.LinkedHashMap<>();
			job.put("id", id);
			job.put("name", "DeleteBackup");
			job.put("status", done ? "Completed" : "Running");
			job.put("start_time", CLOUD_TIME.format(deleteStarted));
			job.put("end_time", done ? CLOUD_TIME.format(deleteStarted.plus(JOB_RUNS_FOR)) : "");
			return job;
		}
		SandboxBackup backup = this.backups.get(id);
		if (backup == null) {
			return null;
		}
		Duration elapsed = Duration.between(backup.startedAt(), Instant.now());
		boolean done = elapsed.compareTo(JOB_RUNS_FOR) >= 0;
		String status = !done ? "Running" : (backup.fails() ? "Failed" : "Completed");
		long percent = Math.min(99, elapsed.toMillis() * 100 / JOB_RUNS_FOR.toMillis());
		Map<String, Object> job = new java.util.LinkedHashMap<>();
		job.put("id", id);
		job.put("name", "BackupInstance");
		job.put("status", status);
		job.put("start_time", CLOUD_TIME.format(backup.startedAt()));
		job.put("end_time", done ? CLOUD_TIME.format(backup.startedAt().plus(JOB_RUNS_FOR)) : "");
		job.put("progress", done ? "" : percent + "%");
		job.put("instance", Map.of("id", backup.instanceId(), "name", "sandbox-instance"));
		job.put("fail_reason", (done && backup.fails()) ? "The backup file could not be uploaded." : null);
		return job;
	}

	@GetMapping(path = "/sandbox/geminidb/v4/{project_id}/backups", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> backups(@RequestParam("instance_id") String instanceId) {
		List<Map<String, Object>> listed = new java.util.ArrayList<>(this.backups.values()
			.stream()
			.filter((backup) -> backup.instanceId().equals(instanceId) && !backup.deleted())
			.map((backup) -> {
				boolean done = Duration.between(backup.startedAt(), Instant.now()).compareTo(JOB_RUNS_FOR) >= 0;
				Map<String, Object> listing = new java.util.LinkedHashMap<>();
				listing.put("id", backup.backupId());
				listing.put("name", backup.name());
				listing.put("description", backup.description());
				listing.put("instance_id", backup.instanceId());
				listing.put("type", "Manual");
				listing.put("status", !done ? "BUILDING" : (backup.fails() ? "FAILED" : "COMPLETED"));
				listing.put("size", done ? 524288.0 : 0.0);
				listing.put("begin_time", CLOUD_TIME.format(backup.startedAt()));
				listing.put("end_time", done ? CLOUD_TIME.format(backup.startedAt().plus(JOB_RUNS_FOR)) : "");
				return listing;
			})
			.toList());
		// the cloud's own daily backup of every instance: listed, never deletable through
		// the gateway
		Instant daily = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.HOURS);
		listed.add(Map.of("id", automatedBackupOf(instanceId), "name",
				"auto-" + CLOUD_TIME.format(daily).substring(0, 10), "description", "", "instance_id", instanceId,
				"type", "Auto", "status", "COMPLETED", "size", 1048576.0, "begin_time", CLOUD_TIME.format(daily),
				"end_time", CLOUD_TIME.format(daily.plusSeconds(300))));
		return Map.of("total_count", listed.size(), "backups", listed);
	}

	/**
	 * Deletes a backup. Misbehaves by the backup name's last word(s), as creates do: a
	 * name ending in {@code -in-use} is in use by a restore, {@code -busy},
	 * {@code -throttled}, {@code -broken} and {@code -slow} as for a create.
	 */
	@DeleteMapping(path = "/sandbox/geminidb/v3/{project_id}/backups/{backup_id}",
			produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, String>> deleteBackup(@PathVariable("backup_id") String backupId)
			throws InterruptedException {
		SandboxBackup backup = this.backups.values()
			.stream()
			.filter((candidate) -> candidate.backupId().equals(backupId) && !candidate.deleted())
			.findFirst()
			.orElse(null);
		if (backup == null) {
			return error(HttpStatus.BAD_REQUEST, "DBS.201214", "The backup file does not exist.");
		}
		String name = backup.name();
		if (name.endsWith("-in-use")) {
			return error(HttpStatus.BAD_REQUEST, "DBS.201319", "The backup is being used by a restoration.");
		}
		ResponseEntity<Map<String, String>> misbehaving = misbehaviour(name.substring(name.lastIndexOf('-') + 1));
		if (misbehaving != null) {
			return misbehaving;
		}
		this.backups.put(backup.jobId(), backup.deletedNow());
		String jobId = UUID.randomUUID().toString();
		this.deleteJobs.put(jobId, Instant.now());
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("job_id", jobId));
	}

	/**
	 * The misbehaviours creates and deletes share, by the backup name's last word; a slow
	 * one only sleeps.
	 * @return the answer to give instead, or {@code null} to go on
	 */
	private @Nullable ResponseEntity<Map<String, String>> misbehaviour(String word) throws InterruptedException {
		return switch (word) {
			case "busy" ->
				error(HttpStatus.FORBIDDEN, "DBS.200019", "The instance is being operated on. Try again later.");
			case "throttled" -> ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
				.header("Retry-After", "30")
				.body(Map.of("error_code", "DBS.280443", "error_msg", "Too many requests. Try again later."));
			case "broken" -> error(HttpStatus.INTERNAL_SERVER_ERROR, "DBS.200998", "System busy. Try again later.");
			case "slow" -> {
				Thread.sleep(this.slowFor.toMillis());
				yield null;
			}
			default -> null;
		};
	}

	static String automatedBackupOf(String instanceId) {
		return instanceId.replaceAll("[^A-Za-z0-9]", "") + "auto";
	}

	private static ResponseEntity<Map<String, String>> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status).body(Map.of("error_code", code, "error_msg", message));
	}

	record SandboxBackup(String jobId, String backupId, String name, String description, String instanceId,
			Instant startedAt, boolean fails, boolean deleted) {

		SandboxBackup deletedNow() {
			return new SandboxBackup(this.jobId, this.backupId, this.name, this.description, this.instanceId,
					this.startedAt, this.fails, true);
		}

	}

}
