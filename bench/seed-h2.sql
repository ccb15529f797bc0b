-- The H2 twin of seed.sql (same spread: 50 teams, 500 instances, 200 actors, 70% accepted);
-- run.sh repeats it for each batch of 50,000 (one commit each: H2 keeps a whole transaction's
-- changes in memory), replacing :from and :to, and runs it with H2's RunScript.
insert into audit_entry (audit_id, occurred_at, action, actor, actor_name, team, instance_id, project_id,
    backup_name, description, outcome, http_status, code, upstream_status, job_id, backup_id, job_status,
    request_id, client_ip, user_agent, duration_ms)
select random_uuid(),
       dateadd('SECOND', -cast(rand() * 7776000 as int), current_timestamp),
       'backup.create',
       'actor-' || mod(x, 200),
       'Actor ' || mod(x, 200),
       'team-' || mod(x, 50),
       'inst' || mod(x, 500) || 'x',
       '054e292c9880d4992f02c0196d3ea468',
       'team-' || mod(x, 50) || '-backup-' || x,
       'bench entry ' || x,
       case when mod(x, 10) < 7 then 'accepted' when mod(x, 10) = 7 then 'rejected' when mod(x, 10) = 8 then 'denied'
            else 'failed' end,
       case when mod(x, 10) < 7 then 202 when mod(x, 10) = 7 then 400 when mod(x, 10) = 8 then 403 else 502 end,
       case when mod(x, 10) = 7 then 'naming-policy' when mod(x, 10) = 8 then 'forbidden'
            when mod(x, 10) = 9 then 'upstream-error' end,
       case when mod(x, 10) < 7 then 202 when mod(x, 10) = 9 then 500 end,
       case when mod(x, 10) < 7 then cast(random_uuid() as varchar) end,
       case when mod(x, 10) < 7 then replace(cast(random_uuid() as varchar), '-', '') || 'br06' end,
       case when mod(x, 10) < 7 then 'Running' end,
       'bench-' || x,
       '10.0.' || mod(x, 250) || '.' || mod(x, 7),
       'bench/1.0',
       cast(rand() * 500 as bigint)
from system_range(:from, :to);
