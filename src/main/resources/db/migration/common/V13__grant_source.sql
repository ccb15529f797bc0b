-- Ownership from the cloud's tags (docs/design.md 4.1): each entry says which source granted
-- its instance to the team, 'configuration' or 'tag'; null for entries that named no
-- registered instance and for every entry written before this migration. "grant" is an SQL
-- keyword, hence the column's name; the API member is "grant".
alter table audit_entry add column grant_source varchar(16);
alter table audit_entry add constraint audit_entry_grant_source
    check (grant_source is null or grant_source in ('configuration', 'tag'));
