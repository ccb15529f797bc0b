// How a portal uses the types openapi-typescript generates from docs/openapi.yaml: compiled with
// `tsc --strict` by .ci/run, so a member the document leaves optional (or a null it does not
// declare) breaks this file, not a portal. See docs/clients.md.
import type { components, paths } from "./gateway";

type Accepted = components["schemas"]["BackupAccepted"];
type AuditPage = components["schemas"]["AuditPage"];
type Job = components["schemas"]["JobView"];
type Problem = components["schemas"]["Problem"];
type CreateAnswer =
  paths["/v1/teams/{team}/instances/{instance_id}/backups"]["post"]["responses"]["202"]["content"]["application/json"];

// every member is sent: no `| undefined` to narrow away
export function jobOf(accepted: Accepted): string {
  return accepted.job_id;
}

export function auditIds(page: AuditPage): string[] {
  return page.entries.map((entry) => entry.audit_id);
}

// a member that may be null says so, and strict mode makes the caller handle it
export function failure(job: Job): string {
  return job.fail_reason ?? "(none)";
}

export function isFinished(job: Job): boolean {
  const status: "Running" | "Completed" | "Failed" | "Unknown" = job.status;
  return status !== "Running";
}

// callers branch on the problem's code, a closed set
export function mustRetryLater(problem: Problem): boolean {
  return problem.code === "upstream-throttled" || problem.code === "upstream-unavailable";
}

export const sameAnswer = (answer: CreateAnswer): Accepted => answer;
