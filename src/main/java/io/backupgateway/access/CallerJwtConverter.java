package io.backupgateway.access;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import io.backupgateway.config.SecuritySettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Turns a validated JWT into a {@link Caller}, reading teams and permissions from the
 * configured claims. A dotted claim name reads a nested claim
 * ({@code realm_access.roles}); a claim may be a list or a space-separated string.
 */
@Component
public class CallerJwtConverter implements Converter<Jwt, AbstractAuthenticationToken> {

	private final String teamsClaim;

	private final String permissionsClaim;

	@Autowired
	CallerJwtConverter(SecuritySettings security) {
		this(security.teamsClaim(), security.permissionsClaim());
	}

	CallerJwtConverter(String teamsClaim, String permissionsClaim) {
		this.teamsClaim = teamsClaim;
		this.permissionsClaim = permissionsClaim;
	}

	@Override
	public AbstractAuthenticationToken convert(Jwt jwt) {
		return new CallerAuthentication(toCaller(jwt.getClaims()));
	}

	/**
	 * The caller the claims describe, read as a token's are (docs/design.md 4): for the
	 * API's tokens and the console's ID tokens alike.
	 * @param claims a token's claims
	 * @return the caller
	 */
	public Caller toCaller(Map<String, Object> claims) {
		String subject = text(claims.get("sub"));
		String name = firstText(claims, "preferred_username", "client_id", "azp");
		return new Caller(subject, (name != null) ? name : subject, values(claim(claims, this.teamsClaim)),
				values(claim(claims, this.permissionsClaim)));
	}

	static @Nullable Object claim(Map<String, Object> claims, String path) {
		if (claims.containsKey(path)) {
			return claims.get(path);
		}
		Object current = claims;
		for (String part : path.split("\\.")) {
			if (!(current instanceof Map<?, ?> map)) {
				return null;
			}
			current = map.get(part);
		}
		return current;
	}

	static Set<String> values(@Nullable Object claim) {
		Set<String> values = new LinkedHashSet<>();
		if (claim instanceof String text) {
			Arrays.stream(text.trim().split("\\s+")).filter((v) -> !v.isEmpty()).forEach(values::add);
		}
		else if (claim instanceof Collection<?> items) {
			items.stream().filter(String.class::isInstance).map(String.class::cast).forEach(values::add);
		}
		return values;
	}

	private static @Nullable String firstText(Map<String, Object> claims, String... names) {
		for (String name : names) {
			String value = text(claims.get(name));
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	private static @Nullable String text(@Nullable Object value) {
		return (value instanceof String text && !text.isBlank()) ? text : null;
	}

}
