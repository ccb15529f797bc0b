-- The append-only trigger is PostgreSQL's; the sandbox's H2 store keeps plain indexes.
create index audit_entry_creates_idx on audit_entry (team, action, outcome, occurred_at);
