package io.backupgateway.access;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NamingPolicyTests {

	@Test
	void defaultPolicyRequiresTheTeamPrefix() {
		NamingPolicy policy = NamingPolicy.defaultFor("payments");
		assertThat(policy.violation("payments-pre-migration")).isEmpty();
		assertThat(policy.violation("ledger-pre-migration")).contains("must start with 'payments-'");
		assertThat(policy.violation("paymentspre")).contains("must start with 'payments-'");
	}

	@Test
	void prefixIsCaseSensitive() {
		assertThat(NamingPolicy.defaultFor("payments").violation("Payments-x")).isPresent();
	}

	@Test
	void emptyPrefixDisablesThePrefixCheck() {
		assertThat(new NamingPolicy("", null).violation("anything")).isEmpty();
	}

	@Test
	void patternMustMatchTheWholeName() {
		NamingPolicy policy = new NamingPolicy("payments-", Pattern.compile("payments-[a-z0-9-]+"));
		assertThat(policy.violation("payments-v42")).isEmpty();
		assertThat(policy.violation("payments-V42")).contains("must match the pattern 'payments-[a-z0-9-]+'");
		assertThat(policy.violation("payments-v42_x")).isPresent();
	}

	@Test
	void prefixIsCheckedBeforeThePattern() {
		NamingPolicy policy = new NamingPolicy("payments-", Pattern.compile("[a-z]+"));
		assertThat(policy.violation("other")).contains("must start with 'payments-'");
	}

}
