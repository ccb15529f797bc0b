/**
 * GeminiDB wire format and the translation of its answers into the gateway's error
 * contract.
 */
@NullMarked
package io.backupgateway.cloud.geminidb;

import org.jspecify.annotations.NullMarked;
