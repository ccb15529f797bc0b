-- grant_source (V13) is a request column: written with the entry, never changed. A trigger of
-- its own keeps V12's function as it is; the runtime role may insert the column, not update it.
create or replace function audit_entry_grant_fixed() returns trigger
language plpgsql as $$
begin
    if new.grant_source is distinct from old.grant_source then
        raise exception 'audit_entry is append-only: the request columns of entry % never change', old.audit_id
            using errcode = 'insufficient_privilege';
    end if;
    return new;
end;
$$;

create trigger audit_entry_grant_fixed before update on audit_entry
    for each row execute function audit_entry_grant_fixed();

do $$
declare
    runtime text := '${runtime_role}';
begin
    if runtime = '' or runtime = current_user then
        return;
    end if;
    execute format('grant insert (grant_source) on audit_entry to %I', runtime);
end;
$$;
