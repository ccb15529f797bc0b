-- Entries the gateway vouches for (docs/design.md section 6, docs/audit.md): each entry carries
-- an HMAC-SHA256 over its canonical bytes under a key the database never holds, and the id of
-- that key. The sealer chains only entries whose MAC verifies and marks the others unvouched,
-- so they never hold the sealer back. Entries written before this migration carry no MAC:
-- mac_from_seq is the first entry that must, and only the owner can change it.
alter table audit_entry add column entry_mac char(64);
alter table audit_entry add column mac_key_id char(16);
alter table audit_entry add column unvouched boolean default false not null;
alter table audit_chain_state add column mac_from_seq bigint default 1 not null;
update audit_chain_state set mac_from_seq = (select coalesce(max(seq), 0) + 1 from audit_entry) where id = 1;
