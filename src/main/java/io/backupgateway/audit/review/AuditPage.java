package io.backupgateway.audit.review;

import io.backupgateway.audit.entry.AuditEntry;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of {@code GET /v1/audit}.
 *
 * @param entries newest first
 * @param nextCursor the cursor of the next page, {@code null} on the last one
 */
record AuditPage(List<AuditEntry> entries, @Nullable String nextCursor) {
}
