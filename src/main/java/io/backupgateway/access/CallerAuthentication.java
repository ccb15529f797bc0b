package io.backupgateway.access;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated {@link Caller}. The raw token is deliberately not kept: nothing after
 * authentication needs it, and it must never travel upstream (invariant 3).
 */
final class CallerAuthentication extends AbstractAuthenticationToken {

	private final Caller caller;

	CallerAuthentication(Caller caller) {
		super(caller.permissions().stream().sorted().map(SimpleGrantedAuthority::new).toList());
		this.caller = caller;
		setAuthenticated(true);
	}

	@Override
	public Caller getPrincipal() {
		return this.caller;
	}

	@Override
	public Object getCredentials() {
		return List.of();
	}

	@Override
	public String getName() {
		return (this.caller.subject() != null) ? this.caller.subject() : "";
	}

}
