-- Every filter of the audit review (docs/design.md 3.3) has an index, so that no filter,
-- alone or with others, makes a review read the whole trail (docs/design.md 3.4, "Hostile
-- input"). team, instance_id, actor and outcome have theirs since V1, job_id and
-- request_id too; the time range uses audit_entry_occurred_idx.
create index audit_entry_action_idx on audit_entry (action, occurred_at, seq);
create index audit_entry_backup_idx on audit_entry (backup_id);
create index audit_entry_backup_name_idx on audit_entry (backup_name);
