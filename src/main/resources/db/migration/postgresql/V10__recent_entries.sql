-- occurred_at is the gateway's clock; the database refuses an entry whose occurred_at is more
-- than a minute away from its own clock (docs/design.md section 6), so whoever holds the
-- runtime role's password cannot write history into the past or the future. The owner is
-- let through: it can disable this trigger anyway, and it seeds and restores trails; with one
-- role (the sandbox, a quick start) the check therefore gives nothing (docs/audit.md).
create function audit_entry_recent() returns trigger
language plpgsql as $$
begin
    if current_user::regrole <> (select relowner::regrole from pg_class where oid = tg_relid)
       and abs(extract(epoch from (new.occurred_at - now()))) > 60 then
        raise exception 'audit_entry: occurred_at % of entry % is more than a minute away from the database''s clock',
            new.occurred_at, new.audit_id
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end $$;

create trigger audit_entry_recent
    before insert on audit_entry
    for each row execute function audit_entry_recent();
