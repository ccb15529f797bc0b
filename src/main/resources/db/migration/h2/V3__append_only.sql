-- The append-only trigger is PostgreSQL's (production). The sandbox's H2 store has none;
-- this keeps the migration versions of both vendors aligned.
select 1;
