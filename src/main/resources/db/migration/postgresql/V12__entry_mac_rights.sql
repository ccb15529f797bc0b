-- Entry MACs (V11) under the append-only rules of V3/V4 (docs/design.md section 6):
--   * an unsealed entry the gateway did not write is flagged unvouched once (only that flag
--     changes), and then never changes again;
--   * a pending entry may record its answer once, then be completed; its MAC changes with it;
--   * a finished, unsealed entry is sealed once (only the chain columns change, from null);
--   * nothing else changes, and nothing is deleted.
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
    -- flagging an entry the gateway did not write: once, before it is sealed, nothing else
    if old.chain_seq is null and not old.unvouched and new.unvouched
       and (new.outcome, new.http_status, new.code, new.upstream_status, new.upstream_error_code, new.job_id,
            new.backup_id, new.job_status, new.duration_ms, new.entry_mac, new.mac_key_id, new.chain_seq,
            new.entry_hash, new.chain_hash)
           is not distinct from
           (old.outcome, old.http_status, old.code, old.upstream_status, old.upstream_error_code, old.job_id,
            old.backup_id, old.job_status, old.duration_ms, old.entry_mac, old.mac_key_id, old.chain_seq,
            old.entry_hash, old.chain_hash) then
        return new;
    end if;
    if new.unvouched is distinct from old.unvouched or old.unvouched then
        raise exception 'audit_entry: entry % was flagged as not written by the gateway and cannot change', old.audit_id
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
            new.job_id, new.backup_id, new.job_status, new.duration_ms, new.entry_mac, new.mac_key_id)
           is not distinct from
           (old.outcome, old.http_status, old.code, old.upstream_status, old.upstream_error_code,
            old.job_id, old.backup_id, old.job_status, old.duration_ms, old.entry_mac, old.mac_key_id) then
        return new;
    end if;
    raise exception 'audit_entry is append-only: finished entry % cannot be changed', old.audit_id
        using errcode = 'insufficient_privilege';
end;
$$;

-- The runtime role appends entries with the columns a request knows and the MAC, never with a
-- position of its own (seq comes from the identity, so an entry cannot pose as one written
-- before V11) nor pre-sealed; it may complete a pending entry with its MAC and flag one the
-- sealer refused. mac_from_seq stays the owner's.
do $$
declare
    runtime text := '${runtime_role}';
begin
    if runtime = '' or runtime = current_user then
        return;
    end if;
    execute format('revoke insert on audit_entry from %I', runtime);
    execute format('grant insert (audit_id, occurred_at, action, actor, actor_name, team, instance_id, project_id, '
        'backup_name, description, outcome, http_status, code, upstream_status, upstream_error_code, job_id, '
        'backup_id, job_status, request_id, idempotency_key, client_ip, user_agent, duration_ms, entry_mac, '
        'mac_key_id) on audit_entry to %I', runtime);
    execute format('grant update (entry_mac, mac_key_id, unvouched) on audit_entry to %I', runtime);
end;
$$;
