package io.backupgateway.access;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The backup name breaks the team's naming policy (400).
 */
public final class NamingPolicyBroken extends GatewayFailure {

	NamingPolicyBroken(String team) {
		super(ProblemCode.NAMING_POLICY, "The backup name breaks the naming policy of team '" + team + "'.");
	}

}
