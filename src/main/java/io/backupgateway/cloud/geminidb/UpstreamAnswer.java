package io.backupgateway.cloud.geminidb;

import org.jspecify.annotations.Nullable;

/**
 * What the cloud answered, before interpretation.
 *
 * @param status the HTTP status
 * @param retryAfter the {@code Retry-After} header, if any
 * @param body the raw body
 */
public record UpstreamAnswer(int status, @Nullable String retryAfter, byte[] body) {
}
