-- Seeds :rows backup.create entries spread over 90 days: 50 teams, 500 instances, 200
-- actors, 70% accepted. Run with psql -v rows=1000000 -f seed.sql against a migrated schema.
insert into audit_entry (audit_id, occurred_at, action, actor, actor_name, team, instance_id, project_id,
    backup_name, description, outcome, http_status, code, upstream_status, job_id, backup_id, job_status,
    request_id, client_ip, user_agent, duration_ms)
select md5(i::text || '-audit')::uuid,
       now() - (random() * interval '90 days'),
       'backup.create',
       'actor-' || (i % 200),
       'Actor ' || (i % 200),
       'team-' || (i % 50),
       'inst' || (i % 500) || 'x',
       '054e292c9880d4992f02c0196d3ea468',
       'team-' || (i % 50) || '-backup-' || i,
       'bench entry ' || i,
       case when i % 10 < 7 then 'accepted' when i % 10 = 7 then 'rejected' when i % 10 = 8 then 'denied'
            else 'failed' end,
       case when i % 10 < 7 then 202 when i % 10 = 7 then 400 when i % 10 = 8 then 403 else 502 end,
       case when i % 10 = 7 then 'naming-policy' when i % 10 = 8 then 'forbidden'
            when i % 10 = 9 then 'upstream-error' end,
       case when i % 10 < 7 then 202 when i % 10 = 9 then 500 end,
       case when i % 10 < 7 then md5(i::text || '-job')::uuid::text end,
       case when i % 10 < 7 then md5(i::text || '-backup') || 'br06' end,
       case when i % 10 < 7 then 'Running' end,
       'bench-' || i,
       '10.0.' || (i % 250) || '.' || (i % 7),
       'bench/1.0',
       (random() * 500)::bigint
from generate_series(1, :rows) as i;
-- seeded history carries no entry MAC (the key is the gateway's): it counts as written before
-- entries carried one, as an upgraded trail's would (docs/audit.md), so the sealer chains it
update audit_chain_state set mac_from_seq = (select coalesce(max(seq), 0) + 1 from audit_entry) where id = 1;
analyze audit_entry;
