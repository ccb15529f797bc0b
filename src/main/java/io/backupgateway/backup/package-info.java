/**
 * The create-backup use case: the docs/design.md section 2 sequence in one orchestrator.
 */
@NullMarked
package io.backupgateway.backup;

import org.jspecify.annotations.NullMarked;
