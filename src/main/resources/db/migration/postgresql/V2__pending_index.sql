-- Pending entries are few and looked up by age (crash recovery); a partial index keeps
-- that lookup cheap however long the trail grows.
create index audit_entry_pending_idx on audit_entry (occurred_at) where outcome = 'pending';
