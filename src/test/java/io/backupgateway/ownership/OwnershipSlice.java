package io.backupgateway.ownership;

import java.time.Clock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The ownership module's beans for a web slice: with {@code gateway.ownership.tag-key}
 * unset, as the slices run, they answer from the configuration alone and never call the
 * cloud (the slice provides a {@code GeminiDb} it never uses).
 */
@TestConfiguration(proxyBeanMethods = false)
@Import({ Ownership.class, ConfiguredOwners.class, TagReads.class })
public class OwnershipSlice {

	@Bean
	Clock ownershipSliceClock() {
		return Clock.systemUTC();
	}

}
