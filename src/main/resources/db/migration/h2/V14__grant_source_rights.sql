-- The append-only trigger and the runtime role's rights are PostgreSQL's (production). The
-- sandbox's H2 store runs as one role; this keeps the migration versions of both vendors aligned.
select 1;
