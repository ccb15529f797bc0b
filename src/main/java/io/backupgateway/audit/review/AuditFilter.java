package io.backupgateway.audit.review;

import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backupgateway.audit.Outcome;
import io.backupgateway.config.TeamName;
import io.backupgateway.failure.GatewayFailure.FieldError;
import io.backupgateway.web.QueryParameters;
import org.jspecify.annotations.Nullable;

/**
 * The filters of docs/design.md 3.3, parsed and checked: every bad or unknown parameter
 * is a 400, so a reviewer never believes a filter applied that did not.
 *
 * @param team only this team
 * @param instanceId only this instance
 * @param actor only this actor ({@code sub})
 * @param action only this action
 * @param outcome only this outcome
 * @param from at or after this instant
 * @param to before this instant
 * @param requestId only the entries of this request
 * @param backupId only the entries of this backup
 * @param jobId only the entries of this job
 * @param backupName only the entries of backups of this name
 */
record AuditFilter(@Nullable String team, @Nullable String instanceId, @Nullable String actor, @Nullable String action,
		@Nullable String outcome, @Nullable OffsetDateTime from, @Nullable OffsetDateTime to,
		@Nullable String requestId, @Nullable String backupId, @Nullable String jobId, @Nullable String backupName) {

	static final Set<String> FILTERS = Set.of("team", "instance_id", "actor", "action", "outcome", "from", "to",
			"request_id", "backup_id", "job_id", "backup_name");

	/**
	 * The instants the audit store holds on every database it runs on; a query instant
	 * outside them is the caller's mistake, not the store's failure.
	 */
	static final OffsetDateTime EARLIEST = OffsetDateTime.parse("0001-01-01T00:00:00Z");

	static final OffsetDateTime LATEST = OffsetDateTime.parse("9999-12-31T23:59:59.999999999Z");

	static final Set<String> ACTIONS = Set.of("backup.create", "backup.job", "backup.delete");

	/**
	 * The filters matched as text: no entry holds a control character or a longer value.
	 */
	static final List<String> TEXT_FILTERS = List.of("instance_id", "actor", "request_id", "backup_id", "job_id",
			"backup_name");

	static final int MAX_TEXT = 256;

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 500;

	/**
	 * Parses the filters among the query parameters.
	 * @param parameters all query parameters
	 * @param allowed the parameters this endpoint accepts besides the filters
	 * @return the filter
	 * @throws io.backupgateway.failure.GatewayFailure {@code invalid-request} naming
	 * every bad parameter
	 */
	static AuditFilter parse(Map<String, String[]> parameters, Set<String> allowed) {
		List<FieldError> errors = QueryParameters.unknownOrRepeated(parameters,
				(name) -> FILTERS.contains(name) || allowed.contains(name));
		String team = single(parameters, "team");
		if (team != null && !TeamName.isValid(team)) {
			errors.add(new FieldError("team", "is not a team name"));
		}
		String outcome = single(parameters, "outcome");
		if (outcome != null && Arrays.stream(Outcome.values()).noneMatch((o) -> o.value().equals(outcome))) {
			errors.add(new FieldError("outcome",
					"must be one of accepted, rejected, denied, failed, pending, " + "unknown, replayed, completed"));
		}
		String action = single(parameters, "action");
		if (action != null && !ACTIONS.contains(action)) {
			errors.add(new FieldError("action", "must be backup.create, backup.delete or backup.job"));
		}
		for (String name : TEXT_FILTERS) {
			String value = single(parameters, name);
			if (value != null && !storable(value)) {
				errors.add(
						new FieldError(name, "must be at most " + MAX_TEXT + " characters without control characters"));
			}
		}
		OffsetDateTime from = instant(parameters, "from", errors);
		OffsetDateTime to = instant(parameters, "to", errors);
		if (!errors.isEmpty()) {
			throw new InvalidAuditQuery("The audit query is invalid.").withErrors(errors);
		}
		return new AuditFilter(team, single(parameters, "instance_id"), single(parameters, "actor"), action, outcome,
				from, to, single(parameters, "request_id"), single(parameters, "backup_id"),
				single(parameters, "job_id"), single(parameters, "backup_name"));
	}

	/**
	 * Checks the query parameters of an endpoint that takes no filters.
	 * @param parameters all query parameters
	 * @param allowed the parameters the endpoint accepts
	 * @throws io.backupgateway.failure.GatewayFailure {@code invalid-request} naming
	 * every unknown or repeated one
	 */
	static void requireOnly(Map<String, String[]> parameters, Set<String> allowed) {
		List<FieldError> errors = QueryParameters.unknownOrRepeated(parameters, allowed::contains);
		if (!errors.isEmpty()) {
			throw new InvalidAuditQuery("The query is invalid.").withErrors(errors);
		}
	}

	AuditFilter withTeam(String team) {
		return new AuditFilter(team, this.instanceId, this.actor, this.action, this.outcome, this.from, this.to,
				this.requestId, this.backupId, this.jobId, this.backupName);
	}

	/**
	 * The page size of a query: {@code limit}, 1 to {@value #MAX_LIMIT}, default
	 * {@value #DEFAULT_LIMIT}.
	 * @param parameters all query parameters
	 * @return the page size
	 * @throws io.backupgateway.failure.GatewayFailure {@code invalid-request} when it is
	 * out of range
	 */
	static int limit(Map<String, String[]> parameters) {
		String text = single(parameters, "limit");
		if (text == null) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(text);
			if (limit >= 1 && limit <= MAX_LIMIT) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidAuditQuery("The limit is out of range.")
			.withErrors(List.of(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT)));
	}

	/** A value the store can be asked for (PostgreSQL refuses a NUL in a query). */
	private static boolean storable(String value) {
		return value.length() <= MAX_TEXT && value.chars().noneMatch(Character::isISOControl);
	}

	static @Nullable String single(Map<String, String[]> parameters, String name) {
		return QueryParameters.single(parameters, name);
	}

	private static @Nullable OffsetDateTime instant(Map<String, String[]> parameters, String name,
			List<FieldError> errors) {
		String value = single(parameters, name);
		if (value == null) {
			return null;
		}
		try {
			OffsetDateTime instant = OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
			if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
				errors.add(new FieldError(name, "must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z"));
				return null;
			}
			return instant;
		}
		catch (DateTimeException ex) {
			errors.add(new FieldError(name, "must be an ISO-8601 instant such as 2026-11-27T12:00:00Z"));
			return null;
		}
	}

}
