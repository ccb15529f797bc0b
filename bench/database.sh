# Sourced by the benchmarks: recreate_database drops and creates database $DB, owned by a
# login role of the same name and password, on the PostgreSQL at $PGHOST:$PGPORT.
recreate_database() {
	psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
drop database if exists ${DB} with (force);
do \$\$ begin
  if not exists (select from pg_roles where rolname = '${DB}') then
    create role ${DB} login password '${DB}';
  end if;
end \$\$;
create database ${DB} owner ${DB};
SQL
}
