-- The check of occurred_at against the database's clock is PostgreSQL's (production), for the
-- runtime role; the sandbox's H2 store runs as one role. This keeps the migration versions of
-- both vendors aligned.
select 1;
