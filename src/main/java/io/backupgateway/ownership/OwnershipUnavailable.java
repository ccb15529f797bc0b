package io.backupgateway.ownership;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * The instance may be granted only by the cloud's tags, and they could not be read for
 * longer than {@code gateway.ownership.max-staleness} (503): the gateway cannot tell
 * whether the caller's team owns it, so nothing is sent.
 */
public final class OwnershipUnavailable extends GatewayFailure {

	OwnershipUnavailable(String instance) {
		super(ProblemCode.OWNERSHIP_UNAVAILABLE, "Whether instance '" + instance
				+ "' belongs to the team depends on the cloud's tags, which could not be read recently enough. Try again later.");
	}

}
