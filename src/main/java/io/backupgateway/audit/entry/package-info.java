/**
 * An audit entry as it is read back: the stored columns and their mapping, shared by the
 * review API and the integrity chain.
 */
@NullMarked
package io.backupgateway.audit.entry;

import org.jspecify.annotations.NullMarked;
