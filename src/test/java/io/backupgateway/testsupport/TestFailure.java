package io.backupgateway.testsupport;

import io.backupgateway.failure.GatewayFailure;
import io.backupgateway.failure.ProblemCode;

/**
 * A failure of any code, for tests of what is done with failures in general (auditing,
 * rendering), where the module that would throw it does not matter.
 */
public final class TestFailure extends GatewayFailure {

	public TestFailure(ProblemCode code, String detail) {
		super(code, detail);
	}

}
