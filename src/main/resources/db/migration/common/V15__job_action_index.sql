-- Following jobs at scale (docs/design.md section 6): the follower's query of open jobs asks,
-- per job, whether it has a backup.job entry and which request started it. By job id and
-- action together, each is one index probe, whatever the table's statistics say; with the
-- job id alone the planner, misled by statistics a burst of creates left stale, combined it
-- with the action index and spent seconds per pass (bench/run.sh follow).
create index audit_entry_job_action_idx on audit_entry (job_id, action, seq);
