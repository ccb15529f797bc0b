package io.backupgateway.config;

import java.time.Duration;
import java.util.regex.Pattern;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Ownership from the cloud's tags (docs/design.md 4.1): off while {@code tagKey} is
 * unset, so that the configuration alone says who owns what, as before.
 *
 * @param tagKey the tag whose value names an instance's team; unset: off
 * @param refreshInterval how often each replica reads the tags of every project
 * @param missRefresh how often, at most, a request naming an unknown instance makes a
 * project's tags be read again
 * @param maxStaleness how long the last good answer stands while the cloud cannot be read
 */
public record OwnershipSettings(@Nullable String tagKey, @DefaultValue("5m") @NotNull Duration refreshInterval,
		@DefaultValue("30s") @NotNull Duration missRefresh, @DefaultValue("1h") @NotNull Duration maxStaleness) {

	/** A tag key as the cloud allows it (docs/cloud-api.md, "Instances by tag"). */
	private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_-]{1,36}");

	public OwnershipSettings {
		// the chart's values spell "off" as an empty key
		if (tagKey != null && tagKey.isEmpty()) {
			tagKey = null;
		}
		if (tagKey != null && !TAG_KEY.matcher(tagKey).matches()) {
			throw new IllegalArgumentException(
					"gateway.ownership.tag-key must be a tag key the cloud allows: 1 to 36 letters, digits, '_' or '-'");
		}
		ConfigurationRules.requirePositive("gateway.ownership.refresh-interval", refreshInterval);
		ConfigurationRules.requirePositive("gateway.ownership.miss-refresh", missRefresh);
		ConfigurationRules.requirePositive("gateway.ownership.max-staleness", maxStaleness);
	}

	/** Whether ownership is read from tags at all. */
	public boolean enabled() {
		return this.tagKey != null;
	}

}
