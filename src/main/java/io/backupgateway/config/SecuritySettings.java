package io.backupgateway.config;

import jakarta.validation.constraints.NotBlank;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How callers' JWTs are checked and read (docs/design.md section 4).
 *
 * @param audience a value the token's {@code aud} must contain
 * @param issuer the value {@code iss} must equal, when set
 * @param teamsClaim the claim holding the caller's teams; a dotted name reads a nested
 * claim
 * @param permissionsClaim the claim holding the caller's permissions (space-separated
 * string or list)
 */
public record SecuritySettings(@NotBlank String audience, @Nullable String issuer,
		@DefaultValue("teams") @NotBlank String teamsClaim, @DefaultValue("scope") @NotBlank String permissionsClaim) {

	public SecuritySettings {
		issuer = (issuer != null && issuer.isBlank()) ? null : issuer;
	}

}
