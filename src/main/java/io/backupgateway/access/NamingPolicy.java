package io.backupgateway.access;

import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A team's naming policy (docs/design.md 3.1): the name must start with the prefix (by
 * default {@code <team>-}; empty disables the check) and, when a pattern is set, match it
 * as a whole. Applied after the upstream's own rules, so the name is already
 * syntactically valid.
 *
 * @param prefix the required prefix, possibly empty
 * @param pattern the pattern the whole name must match, if any
 */
public record NamingPolicy(String prefix, @Nullable Pattern pattern) {

	static NamingPolicy defaultFor(String team) {
		return new NamingPolicy(team + "-", null);
	}

	/**
	 * Checks a name.
	 * @param name a name that already satisfies the upstream's rules
	 * @return why the name breaks the policy, if it does
	 */
	public Optional<String> violation(String name) {
		if (!name.startsWith(this.prefix)) {
			return Optional.of("must start with '" + this.prefix + "'");
		}
		if (this.pattern != null && !this.pattern.matcher(name).matches()) {
			return Optional.of("must match the pattern '" + this.pattern.pattern() + "'");
		}
		return Optional.empty();
	}

}
