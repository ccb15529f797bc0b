-- Deleting a manual backup is audited like a create (docs/design.md 3.5): action backup.delete.
alter table audit_entry drop constraint audit_entry_action_ck;
alter table audit_entry add constraint audit_entry_action_ck
    check (action in ('backup.create', 'backup.job', 'backup.delete'));
