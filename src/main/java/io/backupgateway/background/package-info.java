/**
 * Background passes under a database lock with a time budget, shared by the integrity
 * chain's sealer and the jobs module; below both, so neither depends on the other.
 */
@NullMarked
package io.backupgateway.background;

import org.jspecify.annotations.NullMarked;
