-- H2 has no partial indexes; the sandbox's trail is small enough for plain ones.
create index audit_entry_pending_idx on audit_entry (outcome, occurred_at);
create index audit_entry_unsealed_idx on audit_entry (chain_seq, seq);
