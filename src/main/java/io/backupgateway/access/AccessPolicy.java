package io.backupgateway.access;

import java.util.ArrayList;
import java.util.List;

import io.backupgateway.config.InstanceId;
import io.backupgateway.config.TeamName;
import io.backupgateway.failure.GatewayFailure.FieldError;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * May this caller back up this instance? Decided in the order of docs/design.md 3.4: path
 * syntax (400), permission and team membership (403), instance registration (404). Each
 * check throws; the orchestrator records the refusal in the audit trail.
 */
@Component
public class AccessPolicy {

	private final TeamDirectory teams;

	AccessPolicy(TeamDirectory teams) {
		this.teams = teams;
	}

	/**
	 * Resolves the instance a caller asks to back up.
	 * @param caller the authenticated caller
	 * @param team the {@code team} path segment, as sent
	 * @param instance the {@code instance_id} path segment, as sent
	 * @return the target, when the caller may back it up
	 * @throws io.backupgateway.failure.GatewayFailure {@code invalid-request},
	 * {@code forbidden} or {@code instance-not-found}
	 */
	public BackupTarget requireCanBackUp(Caller caller, String team, String instance) {
		List<FieldError> errors = new ArrayList<>();
		if (!TeamName.isValid(team)) {
			errors.add(new FieldError("team", TeamName.RULE));
		}
		if (!InstanceId.isValid(instance)) {
			errors.add(new FieldError("instance_id", InstanceId.RULE));
		}
		if (!errors.isEmpty()) {
			throw new InvalidTarget("The request path is invalid.").withErrors(errors);
		}
		if (!caller.has(Caller.BACKUP_CREATE)) {
			throw new AccessDenied("The caller lacks the permission '" + Caller.BACKUP_CREATE + "'.");
		}
		if (!caller.isMember(team)) {
			throw new AccessDenied("The caller is not a member of team '" + team + "'.");
		}
		TeamName teamName = new TeamName(team);
		InstanceId instanceId = new InstanceId(instance);
		return this.teams.target(teamName, instanceId).orElseThrow(() -> new InstanceNotRegistered(team, instance));
	}

	/**
	 * Requires a syntactically valid team the caller is a member of (for the portal
	 * helpers, docs/design.md 3.5).
	 * @param caller the caller
	 * @param team the {@code team} path segment, as sent
	 * @throws io.backupgateway.failure.GatewayFailure {@code invalid-request} or
	 * {@code forbidden}
	 */
	public static void requireMember(Caller caller, String team) {
		if (!TeamName.isValid(team)) {
			throw new InvalidTarget("The request path is invalid.")
				.withErrors(List.of(new FieldError("team", TeamName.RULE)));
		}
		if (!caller.isMember(team)) {
			throw new AccessDenied("The caller is not a member of team '" + team + "'.");
		}
	}

	/**
	 * The team's instances whose backups a member may list: all of them, or the one named
	 * (docs/design.md 3.5).
	 * @param caller the caller
	 * @param team the {@code team} path segment, as sent
	 * @param instance the {@code instance_id} query parameter, if sent
	 * @return the instances, sorted by id
	 * @throws io.backupgateway.failure.GatewayFailure {@code invalid-request},
	 * {@code forbidden} or {@code instance-not-found}
	 */
	public List<BackupTarget> requireListable(Caller caller, String team, @Nullable String instance) {
		requireMember(caller, team);
		TeamName teamName = new TeamName(team);
		if (instance == null) {
			return this.teams.targets(teamName);
		}
		if (!InstanceId.isValid(instance)) {
			throw new InvalidTarget("The query is invalid.")
				.withErrors(List.of(new FieldError("instance_id", InstanceId.RULE)));
		}
		return List.of(this.teams.target(teamName, new InstanceId(instance))
			.orElseThrow(() -> new InstanceNotRegistered(team, instance)));
	}

	/**
	 * The team's instances, whose manual backups a caller with {@code backup:delete} who
	 * is a member may delete (docs/design.md 3.5).
	 * @param caller the caller
	 * @param team the {@code team} path segment, as sent
	 * @return the instances, sorted by id
	 * @throws io.backupgateway.failure.GatewayFailure {@code invalid-request} or
	 * {@code forbidden}
	 */
	public List<BackupTarget> requireCanDelete(Caller caller, String team) {
		if (!TeamName.isValid(team)) {
			throw new InvalidTarget("The request path is invalid.")
				.withErrors(List.of(new FieldError("team", TeamName.RULE)));
		}
		if (!caller.has(Caller.BACKUP_DELETE)) {
			throw new AccessDenied("The caller lacks the permission '" + Caller.BACKUP_DELETE + "'.");
		}
		if (!caller.isMember(team)) {
			throw new AccessDenied("The caller is not a member of team '" + team + "'.");
		}
		return this.teams.targets(new TeamName(team));
	}

	/**
	 * Applies the team's naming policy to a name that already satisfies the upstream's
	 * rules.
	 * @param target the instance being backed up
	 * @param name the backup name
	 * @throws io.backupgateway.failure.GatewayFailure {@code naming-policy} when the name
	 * breaks the policy
	 */
	public void requireNameAllowed(BackupTarget target, String name) {
		this.teams.namingPolicy(target.team()).violation(name).ifPresent((violation) -> {
			throw new NamingPolicyBroken(target.team().toString())
				.withErrors(List.of(new FieldError("name", violation)));
		});
	}

}
