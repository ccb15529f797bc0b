package io.backupgateway.access;

import java.util.Map;

import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;

/**
 * The person signed in to the audit console as a {@link Caller}: teams and permissions
 * read from the ID token's claims exactly as from an API token's (docs/design.md 3.7, 4),
 * so the same read rules apply.
 */
@Component
public class ConsoleSession {

	/** The console's session cookie (its path is {@code /console}). */
	public static final String COOKIE = "BACKUP_GATEWAY_CONSOLE";

	private final CallerJwtConverter claims;

	ConsoleSession(CallerJwtConverter claims) {
		this.claims = claims;
	}

	/**
	 * @param person the signed-in person
	 * @return the caller the person's claims describe
	 */
	public Caller caller(OidcUser person) {
		Map<String, Object> all = person.getClaims();
		return this.claims.toCaller(all);
	}

}
