-- The second database role, the TRUNCATE guard and the digests' append-only trigger are
-- PostgreSQL's (production). The sandbox's H2 store runs as one role; this keeps the
-- migration versions of both vendors aligned.
select 1;
