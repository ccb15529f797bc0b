/**
 * The {@code Idempotency-Key} of the create flow (docs/design.md 3.4): keys held in the
 * shared database, so a retry on any replica gets the original answer byte for byte
 * instead of a second backup.
 */
@NullMarked
package io.backupgateway.idempotency;

import org.jspecify.annotations.NullMarked;
