/**
 * The integrity chain of the audit trail: the hash arithmetic, the background sealer and
 * the verifier behind {@code GET /v1/audit/verify}.
 */
@NullMarked
package io.backupgateway.audit.chain;

import org.jspecify.annotations.NullMarked;
