/**
 * The team's backup quota and the one-backup-in-progress-per-instance rule, enforced
 * exactly across replicas when an attempt is admitted (docs/design.md 3.4).
 */
@NullMarked
package io.backupgateway.limits;

import org.jspecify.annotations.NullMarked;
