/**
 * All talk to the cloud (IAM and GeminiDB). Reactor and WebClient stay inside this
 * module; its API is synchronous.
 */
@NullMarked
package io.backupgateway.cloud;

import org.jspecify.annotations.NullMarked;
