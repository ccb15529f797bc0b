package io.backupgateway.access;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CallerJwtConverterTests {

	@Test
	void readsTopLevelListAndSpaceSeparatedString() {
		Caller caller = converter("teams", "scope")
			.toCaller(Map.of("sub", "svc-1", "teams", List.of("payments", "search"), "scope", "openid backup:create"));
		assertThat(caller.subject()).isEqualTo("svc-1");
		assertThat(caller.teams()).containsExactlyInAnyOrder("payments", "search");
		assertThat(caller.permissions()).containsExactlyInAnyOrder("openid", "backup:create");
	}

	@Test
	void readsNestedClaimsThroughDottedNames() {
		Caller caller = converter("groups.teams", "realm_access.roles").toCaller(Map.of("sub", "u", "realm_access",
				Map.of("roles", List.of("audit:read")), "groups", Map.of("teams", "payments")));
		assertThat(caller.permissions()).containsExactly("audit:read");
		assertThat(caller.teams()).containsExactly("payments");
	}

	@Test
	void aClaimWithADotInItsOwnNameWinsOverNesting() {
		Caller caller = converter("https://corp/teams", "scope")
			.toCaller(Map.of("sub", "u", "https://corp/teams", List.of("payments")));
		assertThat(caller.teams()).containsExactly("payments");
	}

	@Test
	void missingOrWronglyTypedClaimsGiveNothing() {
		Caller caller = converter("teams", "realm_access.roles")
			.toCaller(Map.of("sub", "u", "teams", 42, "realm_access", "not-a-map"));
		assertThat(caller.teams()).isEmpty();
		assertThat(caller.permissions()).isEmpty();
	}

	@Test
	void ignoresNonStringListItems() {
		Caller caller = converter("teams", "scope").toCaller(Map.of("sub", "u", "teams", List.of("payments", 7)));
		assertThat(caller.teams()).containsExactly("payments");
	}

	@Test
	void nameFallsBackFromPreferredUsernameToClientIdToAzpToSubject() {
		CallerJwtConverter converter = converter("teams", "scope");
		assertThat(
				converter.toCaller(Map.of("sub", "s", "preferred_username", "p", "client_id", "c", "azp", "a")).name())
			.isEqualTo("p");
		assertThat(converter.toCaller(Map.of("sub", "s", "client_id", "c", "azp", "a")).name()).isEqualTo("c");
		assertThat(converter.toCaller(Map.of("sub", "s", "azp", "a")).name()).isEqualTo("a");
		assertThat(converter.toCaller(Map.of("sub", "s")).name()).isEqualTo("s");
	}

	private static CallerJwtConverter converter(String teamsClaim, String permissionsClaim) {
		return new CallerJwtConverter(teamsClaim, permissionsClaim);
	}

}
