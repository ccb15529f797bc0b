/**
 * The {@code sandbox} profile: in-process stand-ins for the identity provider, IAM and
 * GeminiDB, served as HTTP endpoints that the real clients call, so the real WebClient,
 * token cache and error mapping run. Nothing depends on this module.
 */
@NullMarked
package io.backupgateway.sandbox;

import org.jspecify.annotations.NullMarked;
