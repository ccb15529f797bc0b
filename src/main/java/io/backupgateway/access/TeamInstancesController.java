package io.backupgateway.access;

import java.util.List;

import io.backupgateway.config.TeamName;
import io.backupgateway.failure.ProblemCode;
import io.backupgateway.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/teams/{team}/instances}: the instances a team owns, for its members,
 * each with its {@code source} (docs/design.md 3.4, 3.5, 4.1).
 */
@RestController
class TeamInstancesController {

	private final TeamDirectory teams;

	TeamInstancesController(TeamDirectory teams) {
		this.teams = teams;
	}

	@Operation(operationId = "listTeamInstances", tags = "caller", summary = "The instances registered to a team",
			description = "For the team's members: the instances they may back up, with their projects and which "
					+ "source granted each: the configuration or the cloud's tags (docs/design.md 4.1).")
	@ProblemResponses({ ProblemCode.INVALID_REQUEST, ProblemCode.FORBIDDEN })
	@GetMapping("/v1/teams/{team}/instances")
	ResponseEntity<TeamInstances> instances(@AuthenticationPrincipal Caller caller,
			@Parameter(example = "payments") @PathVariable String team) {
		AccessPolicy.requireMember(caller, team);
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(new TeamInstances(team, this.teams.instancesOf(new TeamName(team))));
	}

	/**
	 * A team's instances.
	 *
	 * @param team the team
	 * @param instances its instances, sorted by id
	 */
	record TeamInstances(String team, List<TeamDirectory.Instance> instances) {
	}

}
