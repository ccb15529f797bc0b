package io.backupgateway.ownership;

import java.util.HashMap;
import java.util.Map;

import io.backupgateway.config.CloudSettings;
import io.backupgateway.config.TeamTable;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The instances listed under {@code gateway.teams.<team>.instances}, by id: the first
 * source, which no tag overrides. The configuration has been checked: an instance is
 * listed once and every project is known.
 */
@Component
class ConfiguredOwners {

	private final Map<String, OwnedInstance> instances;

	ConfiguredOwners(TeamTable teams, CloudSettings cloud) {
		Map<String, OwnedInstance> all = new HashMap<>();
		teams.teams()
			.forEach((team, settings) -> settings.instances()
				.forEach((ref) -> all.put(ref.id(), new OwnedInstance(ref.id(), team, ref.project(),
						cloud.projects().get(ref.project()).id(), Grant.CONFIGURATION))));
		this.instances = Map.copyOf(all);
	}

	@Nullable OwnedInstance get(String instanceId) {
		return this.instances.get(instanceId);
	}

	Map<String, OwnedInstance> all() {
		return this.instances;
	}

}
