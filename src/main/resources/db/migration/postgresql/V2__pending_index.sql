-- Entries still to be resolved or sealed are few; partial indexes keep finding them cheap
-- however long the trail grows.
create index audit_entry_pending_idx on audit_entry (occurred_at) where outcome = 'pending';
create index audit_entry_unsealed_idx on audit_entry (seq) where chain_seq is null and outcome <> 'pending';
create index audit_entry_open_jobs_idx on audit_entry (occurred_at)
    where action = 'backup.create' and job_status = 'Running';
