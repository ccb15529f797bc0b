package io.backupgateway.audit.review;

import java.util.Set;

import io.backupgateway.access.Caller;
import io.backupgateway.audit.entry.AuditEntry;
import org.jspecify.annotations.Nullable;

/**
 * Who may read which part of the trail (docs/design.md 3.3): {@code audit:read} reads
 * every team; a caller with {@code backup:create} reads only its own teams; anyone else
 * reads nothing.
 */
final class AuditAccess {

	private AuditAccess() {
	}

	/**
	 * The teams a caller may read for a query.
	 * @param caller the caller
	 * @param filter the query's filter
	 * @return {@code null} for every team, else the caller's teams
	 * @throws io.backupgateway.failure.GatewayFailure {@code forbidden} when the caller
	 * may not read what it asks for
	 */
	static @Nullable Set<String> visibleTeams(Caller caller, AuditFilter filter) {
		if (caller.has(Caller.AUDIT_READ)) {
			return null;
		}
		requireReader(caller);
		if (filter.team() != null && !caller.isMember(filter.team())) {
			throw new AuditReadDenied(
					"The caller is not a member of team '" + filter.team() + "' and lacks 'audit:read'.");
		}
		return caller.teams();
	}

	/**
	 * Requires a caller that may read some part of the trail.
	 * @param caller the caller
	 * @throws io.backupgateway.failure.GatewayFailure {@code forbidden} for a caller with
	 * neither permission
	 */
	static void requireReader(Caller caller) {
		if (!caller.has(Caller.AUDIT_READ) && !caller.has(Caller.BACKUP_CREATE)) {
			throw new AuditReadDenied("Reading the audit trail needs the permission 'audit:read' or 'backup:create'.");
		}
	}

	static boolean mayRead(Caller caller, AuditEntry entry) {
		return caller.has(Caller.AUDIT_READ)
				|| (caller.has(Caller.BACKUP_CREATE) && entry.team() != null && caller.isMember(entry.team()));
	}

	static void requireAuditor(Caller caller) {
		if (!caller.has(Caller.AUDIT_READ)) {
			throw new AuditReadDenied("Verifying the chain needs the permission 'audit:read'.");
		}
	}

}
