-- H2 has no partial indexes; the sandbox's trail is small enough for a plain one.
create index audit_entry_pending_idx on audit_entry (outcome, occurred_at);
