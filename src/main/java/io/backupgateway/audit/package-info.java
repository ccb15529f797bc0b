/**
 * The audit trail: an entry for every authenticated attempt, written durably before
 * anything goes upstream. Its public face is small: the flows write through
 * {@link io.backupgateway.audit.AuditLog} with an
 * {@link io.backupgateway.audit.AuditDraft}, admission asks
 * {@link io.backupgateway.audit.RecentCreates}, and the work after the 202 reads and
 * writes through {@link io.backupgateway.audit.AuditFollowUp}. How entries are written
 * (rows, MACs, timers, the job ledger's queries) is package-private here; the review API,
 * the chain and the stored entry have rooms of their own.
 */
@NullMarked
package io.backupgateway.audit;

import org.jspecify.annotations.NullMarked;
