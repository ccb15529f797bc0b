package io.backupgateway.config;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The operator contract of docs/design.md section 5, bound from {@code gateway.*} as one
 * tree, so that rules spanning features (a team naming a project) are checked where the
 * whole tree is known. Each feature reads only its own part of it, through the views of
 * {@link SettingsViews}. Single-field rules are Bean Validation constraints; the others
 * are checked in the compact constructors (see {@link ConfigurationRules}) so that
 * startup fails with a message naming the property.
 *
 * @param security how callers are authenticated
 * @param cloud the IAM and GeminiDB endpoints and the gateway's own credentials
 * @param teams the teams, keyed by team name, with their instances and naming policy
 * @param limits gateway-wide defaults for quotas
 * @param jobs how backup jobs are followed
 * @param idempotency how long idempotency keys are kept
 * @param ownership ownership from the cloud's tags (docs/design.md 4.1)
 * @param console the audit console for people (docs/design.md 3.7)
 * @param audit audit store settings
 */
@Validated
@ConfigurationProperties("gateway")
public record GatewayProperties(@Valid @NotNull @NestedConfigurationProperty SecuritySettings security,
		@Valid @NotNull @NestedConfigurationProperty CloudSettings cloud, Map<String, @Valid TeamSettings> teams,
		@Valid @DefaultValue @NestedConfigurationProperty LimitSettings limits,
		@Valid @DefaultValue @NestedConfigurationProperty JobSettings jobs,
		@Valid @DefaultValue @NestedConfigurationProperty IdempotencySettings idempotency,
		@Valid @DefaultValue @NestedConfigurationProperty OwnershipSettings ownership,
		@Valid @DefaultValue @NestedConfigurationProperty ConsoleSettings console,
		@Valid @DefaultValue @NestedConfigurationProperty AuditSettings audit) {

	public GatewayProperties {
		teams = (teams != null) ? Map.copyOf(teams) : Map.of();
		ConfigurationRules.requireValidTeams(teams, (cloud != null) ? cloud.projects() : null);
		if (cloud != null) {
			ConfigurationRules.requireValidEndpoints(cloud);
		}
	}

}
