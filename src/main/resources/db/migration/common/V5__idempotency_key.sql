-- Idempotency-Key records (docs/design.md 3.4): one row per (team, actor, key), so a key
-- holds across replicas and restarts. A row is in flight while its first request runs, then
-- holds that request's answer until it expires; a row whose request created nothing is
-- deleted at once, so the key may be used again.
create table idempotency_key (
    team         varchar(64)              not null,
    actor        varchar(256)             not null,
    idem_key     varchar(128)             not null,
    fingerprint  char(64)                 not null,
    state        varchar(16)              not null,
    http_status  integer,
    code         varchar(64),
    content_type varchar(128),
    body         varchar(16384),
    audit_id     uuid,
    job_id       varchar(128),
    backup_id    varchar(128),
    created_at   timestamp with time zone not null,
    expires_at   timestamp with time zone not null,
    constraint idempotency_key_pk primary key (team, actor, idem_key),
    constraint idempotency_key_state_ck check (state in ('in_flight', 'done'))
);

create index idempotency_key_expires_idx on idempotency_key (expires_at);
