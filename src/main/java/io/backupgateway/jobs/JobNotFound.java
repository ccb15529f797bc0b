package io.backupgateway.jobs;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * This gateway started no job with the id for the team (404).
 */
public final class JobNotFound extends GatewayFailure {

	JobNotFound(String team) {
		super(ProblemCode.NOT_FOUND, "This gateway started no job with this id for team '" + team + "'.");
	}

}
