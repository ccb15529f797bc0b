package io.backupgateway.cloud;

/**
 * An instance that carries a tag, as the cloud lists it by tag (docs/cloud-api.md,
 * "Instances by tag"): what ownership from tags will read.
 *
 * @param instanceId the instance's id
 * @param name the instance's name
 * @param tagValue the value of the tag asked for ({@code ""} when the tag has none)
 */
public record TaggedInstance(String instanceId, String name, String tagValue) {
}
