/**
 * The audit review API: keyset pages, single entries, streamed exports and who may read
 * which of them.
 */
@NullMarked
package io.backupgateway.audit.review;

import org.jspecify.annotations.NullMarked;
