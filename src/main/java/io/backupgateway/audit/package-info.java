/**
 * The audit trail: an entry for every authenticated attempt, written durably before
 * anything goes upstream.
 */
@NullMarked
package io.backupgateway.audit;

import org.jspecify.annotations.NullMarked;
