-- Ambiguous answers (docs/design.md 3.4): when the cloud may have created a backup without
-- saying so, the caller's answer is recorded on the entry while it stays pending, once; the
-- background resolver then completes it. Otherwise the rules of V3 are unchanged.
create or replace function audit_entry_append_only() returns trigger
language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'audit_entry is append-only: DELETE of entry % refused', old.audit_id
            using errcode = 'insufficient_privilege';
    end if;
    if (new.seq, new.audit_id, new.occurred_at, new.action, new.actor, new.actor_name, new.team,
        new.instance_id, new.project_id, new.backup_name, new.description, new.request_id,
        new.idempotency_key, new.client_ip, new.user_agent)
       is distinct from
       (old.seq, old.audit_id, old.occurred_at, old.action, old.actor, old.actor_name, old.team,
        old.instance_id, old.project_id, old.backup_name, old.description, old.request_id,
        old.idempotency_key, old.client_ip, old.user_agent) then
        raise exception 'audit_entry is append-only: the request columns of entry % never change', old.audit_id
            using errcode = 'insufficient_privilege';
    end if;
    if old.outcome = 'pending' then
        if new.chain_seq is not null or new.entry_hash is not null or new.chain_hash is not null then
            raise exception 'audit_entry: pending entry % cannot be sealed', old.audit_id
                using errcode = 'insufficient_privilege';
        end if;
        if new.outcome = 'pending' and (old.http_status is not null or new.http_status is null) then
            raise exception 'audit_entry: pending entry % may record its answer once, then only be completed',
                old.audit_id using errcode = 'insufficient_privilege';
        end if;
        return new;
    end if;
    if old.chain_seq is null and old.entry_hash is null and old.chain_hash is null
       and new.chain_seq is not null and new.entry_hash is not null and new.chain_hash is not null
       and (new.outcome, new.http_status, new.code, new.upstream_status, new.upstream_error_code,
            new.job_id, new.backup_id, new.job_status, new.duration_ms)
           is not distinct from
           (old.outcome, old.http_status, old.code, old.upstream_status, old.upstream_error_code,
            old.job_id, old.backup_id, old.job_status, old.duration_ms) then
        return new;
    end if;
    raise exception 'audit_entry is append-only: finished entry % cannot be changed', old.audit_id
        using errcode = 'insufficient_privilege';
end;
$$;

-- The quota and the backup-in-progress rule read a team's and an instance's recent creates.
create index audit_entry_creates_idx on audit_entry (team, occurred_at)
    where action = 'backup.create' and outcome in ('accepted', 'pending');
