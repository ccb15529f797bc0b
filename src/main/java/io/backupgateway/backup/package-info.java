/**
 * The create-backup use case: the DESIGN section 2 sequence in one orchestrator.
 */
@NullMarked
package io.backupgateway.backup;

import org.jspecify.annotations.NullMarked;
