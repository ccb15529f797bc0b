package io.backupgateway.cloud;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.backupgateway.cloud.geminidb.GeminiDbExchange;
import io.backupgateway.cloud.geminidb.GeminiDbExchange.Call;
import io.backupgateway.cloud.geminidb.GeminiDbWire;
import io.backupgateway.cloud.geminidb.UpstreamErrors;
import io.backupgateway.cloud.geminidb.UpstreamMeters;
import io.backupgateway.cloud.iam.IamTokens;
import io.backupgateway.config.CloudSettings;
import io.backupgateway.config.InstanceId;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The cloud's GeminiDB API, synchronously. Upstream URLs are built here and only here,
 * from a constant template, configuration and a validated {@link InstanceId} (invariant
 * 5). Every failure is a {@link CloudFailure}.
 */
@Component
public class GeminiDb {

	private static final Logger log = LoggerFactory.getLogger(GeminiDb.class);

	static final String CREATE_BACKUP = "/v3/{project_id}/instances/{instance_id}/backups";

	static final String DELETE_BACKUP = "/v3/{project_id}/backups/{backup_id}";

	static final String JOBS = "/v3/{project_id}/jobs?id={job_id}";

	static final String JOB_LIST = "/v3/{project_id}/jobs?status={status}&name={name}&start_time={start_time}&end_time={end_time}&offset={offset}&limit={limit}";

	/** The largest page of the job list. */
	public static final int JOB_PAGE = 50;

	static final String BACKUPS = "/v4/{project_id}/backups?instance_id={instance_id}&limit={limit}&offset={offset}";

	static final String INSTANCES_BY_TAG = "/v3/{project_id}/instances/resource-instances/action";

	static final String CASSANDRA_INSTANCES = "/v3/{project_id}/instances?datastore_type=cassandra&offset={offset}&limit={limit}";

	/** The largest page both instance lists allow. */
	static final int INSTANCE_PAGE = 100;

	/** A bound on the pages read, so a cloud that always answers a full page ends. */
	static final int MAX_INSTANCE_PAGES = 100;

	static final int BACKUP_PAGE = 100;

	static final int MAX_LISTED_BACKUPS = 2000;

	private final GeminiDbExchange exchange;

	private final UpstreamErrors errors;

	private final GeminiDbWire wire;

	private final Map<String, CloudSettings.Project> projects;

	private final CircuitBreakers breakers;

	GeminiDb(WebClient cloudWebClient, IamTokens tokens, JsonMapper json, CloudSettings cloud, CircuitBreakers breakers,
			MeterRegistry meters) {
		this.errors = new UpstreamErrors(json);
		this.exchange = new GeminiDbExchange(cloudWebClient, tokens, this.errors,
				cloud.connectTimeout().plus(cloud.responseTimeout()).plusSeconds(1), new UpstreamMeters(meters, cloud));
		this.wire = new GeminiDbWire(json);
		this.projects = cloud.projects();
		this.breakers = breakers;
	}

	/**
	 * Creates a manual backup: {@code POST
	 * /v3/{project_id}/instances/{instance_id}/backups} with exactly {@code name} and
	 * {@code description}, through the project's circuit breaker. Retried only as
	 * {@link GeminiDbExchange} says.
	 * @param project the project's name (a key of {@code gateway.cloud.projects})
	 * @param instance the instance
	 * @param name the backup name, already validated
	 * @param description the description, already validated
	 * @return the job and backup ids
	 * @throws CloudFailure of any kind; {@code PAUSED} while the breaker is open
	 */
	public BackupCreated createBackup(String project, InstanceId instance, String name, String description) {
		CloudSettings.Project target = this.projects.get(project);
		if (target == null) {
			throw new IllegalStateException("unknown project " + project);
		}
		Call call = call(target, HttpMethod.POST, CREATE_BACKUP, new Object[] { target.id(), instance.value() },
				Map.of("name", name, "description", description));
		BackupCreated created = this.breakers.call(project, () -> this.errors.toCreated(this.exchange.exchange(call)));
		log.debug("The cloud accepted a backup of instance {} (HTTP {}, job {})", instance, created.upstreamStatus(),
				created.jobId());
		return created;
	}

	/**
	 * Deletes a manual backup: {@code DELETE /v3/{project_id}/backups/{backup_id}},
	 * through the project's circuit breaker, retried only as {@link GeminiDbExchange}
	 * says. Documented by Huawei Cloud, not by OTC (docs/cloud-api.md).
	 * @param project the project's name (a key of {@code gateway.cloud.projects})
	 * @param backupId the backup, already validated and found in the project's list
	 * @return the delete job
	 * @throws CloudFailure of any kind; {@code PAUSED} while the breaker is open
	 */
	public BackupDeleted deleteBackup(String project, String backupId) {
		CloudSettings.Project target = this.projects.get(project);
		if (target == null) {
			throw new IllegalStateException("unknown project " + project);
		}
		Call call = call(target, HttpMethod.DELETE, DELETE_BACKUP, new Object[] { target.id(), backupId });
		BackupDeleted deleted = this.breakers.call(project, () -> this.errors.toDeleted(this.exchange.exchange(call)));
		log.debug("The cloud accepted the deletion of backup {} (HTTP {}, job {})", backupId, deleted.upstreamStatus(),
				deleted.jobId());
		return deleted;
	}

	/**
	 * Reads a job: {@code GET /v3/{project_id}/jobs?id={job_id}}.
	 * @param projectId the id of the project the job runs in
	 * @param jobId the job id
	 * @return the job, or empty when the cloud does not list it (yet)
	 * @throws CloudFailure when the cloud cannot be asked
	 */
	public Optional<Job> job(String projectId, String jobId) {
		CloudSettings.Project project = projectById(projectId);
		return this.wire.job(
				this.exchange.exchangeForOk(call(project, HttpMethod.GET, JOBS, new Object[] { project.id(), jobId })),
				jobId);
	}

	/**
	 * One page of a project's job list: {@code GET /v3/{project_id}/jobs} with
	 * {@code status}, {@code name}, {@code start_time}, {@code offset} and {@code limit}
	 * 50 (docs/cloud-api.md, "Query job (task) status"): one call answers for up to fifty
	 * jobs.
	 * @param projectId the project's id
	 * @param status {@code Completed}, {@code Failed} or {@code Running}
	 * @param name the task name, {@code BackupInstance} for backups
	 * @param startedSince jobs that started at or after this instant
	 * @param startedBefore and at or before this one
	 * @param offset how many to skip
	 * @return the page, with the list's total
	 * @throws CloudFailure when the cloud cannot be asked
	 */
	public JobPage jobs(String projectId, String status, String name, Instant startedSince, Instant startedBefore,
			int offset) {
		CloudSettings.Project project = projectById(projectId);
		GeminiDbWire.Page<Job> page = this.wire
			.jobs(this.exchange.exchangeForOk(call(project, HttpMethod.GET, JOB_LIST, new Object[] { project.id(),
					status, name, JOB_TIME.format(startedSince), JOB_TIME.format(startedBefore), offset, JOB_PAGE })));
		return new JobPage(page.items(), page.listed(), page.total());
	}

	/** The job API's own time format (docs/cloud-api.md), in UTC. */
	static final java.time.format.DateTimeFormatter JOB_TIME = java.time.format.DateTimeFormatter
		.ofPattern("yyyy-MM-dd'T'HH:mm:ssZ")
		.withZone(java.time.ZoneOffset.UTC);

	/**
	 * Lists an instance's backups: {@code GET /v4/{project_id}/backups?instance_id=...},
	 * page by page.
	 * @param projectId the id of the project the instance lives in
	 * @param instance the instance
	 * @return every backup the cloud lists for it
	 * @throws CloudFailure when the cloud cannot be asked
	 */
	public List<Backup> backups(String projectId, InstanceId instance) {
		CloudSettings.Project project = projectById(projectId);
		List<Backup> all = new ArrayList<>();
		for (int offset = 0; offset < MAX_LISTED_BACKUPS; offset += BACKUP_PAGE) {
			List<Backup> page = this.wire.backups(this.exchange.exchangeForOk(call(project, HttpMethod.GET, BACKUPS,
					new Object[] { project.id(), instance.value(), BACKUP_PAGE, offset })));
			all.addAll(page);
			if (page.size() < BACKUP_PAGE) {
				break;
			}
		}
		return all;
	}

	/**
	 * The instances of a project that carry a tag key, every page: {@code POST
	 * /v3/{project_id}/instances/resource-instances/action} with {@code action: filter}.
	 * Only the configured key goes into the query, never a caller's input.
	 * @param projectId the project's id
	 * @param tagKey the tag key, from configuration
	 * @return the instances carrying the key, with its value
	 * @throws CloudFailure when the cloud cannot be asked
	 */
	public List<TaggedInstance> instancesTagged(String projectId, String tagKey) {
		CloudSettings.Project project = projectById(projectId);
		List<TaggedInstance> all = new ArrayList<>();
		for (int page = 0; page < MAX_INSTANCE_PAGES; page++) {
			Map<String, Object> body = Map.of("action", "filter", "tags",
					List.of(Map.of("key", tagKey, "values", List.of())), "offset", page * INSTANCE_PAGE, "limit",
					INSTANCE_PAGE);
			GeminiDbWire.Page<TaggedInstance> found = this.wire.taggedInstances(
					this.exchange.exchangeForOk(
							call(project, HttpMethod.POST, INSTANCES_BY_TAG, new Object[] { project.id() }, body)),
					tagKey);
			all.addAll(found.items());
			if (found.listed() < INSTANCE_PAGE) {
				break;
			}
		}
		return all;
	}

	/**
	 * The ids of a project's GeminiDB Cassandra instances, every page: {@code GET
	 * /v3/{project_id}/instances?datastore_type=cassandra}.
	 * @param projectId the project's id
	 * @return the instance ids
	 * @throws CloudFailure when the cloud cannot be asked
	 */
	public Set<String> cassandraInstanceIds(String projectId) {
		CloudSettings.Project project = projectById(projectId);
		Set<String> all = new LinkedHashSet<>();
		for (int page = 0; page < MAX_INSTANCE_PAGES; page++) {
			GeminiDbWire.Page<String> ids = this.wire
				.instanceIds(this.exchange.exchangeForOk(call(project, HttpMethod.GET, CASSANDRA_INSTANCES,
						new Object[] { project.id(), page * INSTANCE_PAGE, INSTANCE_PAGE })));
			all.addAll(ids.items());
			if (ids.listed() < INSTANCE_PAGE) {
				break;
			}
		}
		return all;
	}

	private CloudSettings.Project projectById(String projectId) {
		return this.projects.values()
			.stream()
			.filter((project) -> project.id().equals(projectId))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no project with id " + projectId + " is configured"));
	}

	private static Call call(CloudSettings.Project project, HttpMethod method, String template, Object[] variables) {
		return call(project, method, template, variables, null);
	}

	private static Call call(CloudSettings.Project project, HttpMethod method, String template, Object[] variables,
			@Nullable Object body) {
		return new Call(project.id(), project.endpoint().toString(), method, template, variables, body);
	}

}
