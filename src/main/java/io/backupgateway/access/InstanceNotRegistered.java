package io.backupgateway.access;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The instance is not registered to the team (404): the gateway does not say whether it
 * exists.
 */
public final class InstanceNotRegistered extends GatewayFailure {

	InstanceNotRegistered(String team, String instance) {
		super(ProblemCode.INSTANCE_NOT_FOUND, "Instance '" + instance + "' is not registered to team '" + team + "'.");
	}

}
