-- Two database roles (docs/design.md section 6, docs/audit.md "Database roles"): Flyway
-- migrates as the owner; the gateway runs as ${runtime_role}, which may only read, append,
-- complete a pending entry and seal. When both are the same role (the sandbox, a quick
-- start) nothing is granted and the owner's rights stay with the gateway.

-- TRUNCATE fires no row trigger, so it gets a statement trigger of its own: it fails for the
-- owner as well, unless the owner first disables the trigger (which the runtime role cannot).
create function audit_refuse_truncate() returns trigger
language plpgsql as $$
begin
    raise exception '% is append-only: TRUNCATE refused', tg_table_name
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_entry_no_truncate
    before truncate on audit_entry
    for each statement execute function audit_refuse_truncate();

-- Digests and signing keys are never changed or removed once written.
create function audit_refuse_change() returns trigger
language plpgsql as $$
begin
    raise exception '% is append-only: % refused', tg_table_name, tg_op
        using errcode = 'insufficient_privilege';
end;
$$;

create trigger audit_digest_append_only
    before update or delete on audit_digest
    for each row execute function audit_refuse_change();
create trigger audit_digest_no_truncate
    before truncate on audit_digest
    for each statement execute function audit_refuse_truncate();
create trigger audit_signing_key_append_only
    before update or delete on audit_signing_key
    for each row execute function audit_refuse_change();
create trigger audit_signing_key_no_truncate
    before truncate on audit_signing_key
    for each statement execute function audit_refuse_truncate();

do $$
declare
    runtime text := '${runtime_role}';
begin
    if runtime = '' or runtime = current_user then
        return;
    end if;
    execute format('grant select, insert on audit_entry to %I', runtime);
    -- completing a pending entry, and sealing a finished one; the append-only trigger
    -- decides which of these changes a given row may take
    execute format('grant update (outcome, http_status, code, upstream_status, upstream_error_code, job_id, '
        'backup_id, job_status, duration_ms, chain_seq, entry_hash, chain_hash) on audit_entry to %I', runtime);
    execute format('grant select, update (last_chain_seq, last_chain_hash) on audit_chain_state to %I', runtime);
    execute format('grant select, insert on audit_digest, audit_signing_key to %I', runtime);
    -- idempotency records are not audit: they expire and are deleted
    execute format('grant select, insert, update, delete on idempotency_key to %I', runtime);
end;
$$;
