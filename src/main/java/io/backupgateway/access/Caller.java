package io.backupgateway.access;

import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The authenticated caller, as read from its JWT.
 *
 * @param subject the token's {@code sub}
 * @param name {@code preferred_username}, else {@code client_id}, else {@code azp}, else
 * the subject
 * @param teams the teams the caller belongs to
 * @param permissions the caller's permissions, such as {@code backup:create}
 */
public record Caller(@Nullable String subject, @Nullable String name, Set<String> teams, Set<String> permissions) {

	public static final String BACKUP_CREATE = "backup:create";

	public static final String AUDIT_READ = "audit:read";

	public static final String BACKUP_DELETE = "backup:delete";

	public Caller {
		teams = Set.copyOf(teams);
		permissions = Set.copyOf(permissions);
	}

	public boolean isMember(String team) {
		return this.teams.contains(team);
	}

	public boolean has(String permission) {
		return this.permissions.contains(permission);
	}

}
