#!/usr/bin/env bash
# Audit review benchmark: seeds ROWS entries (default 1,000,000) into a fresh PostgreSQL
# database, starts the gateway on it (loopback only, sandbox identity provider, background
# jobs off, 512 MB heap) and prints p50/p95 per page and export throughput.
#   bash bench/run.sh            # 1M entries
#   ROWS=10000000 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

ROWS=${ROWS:-1000000}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
DB=backup_gateway_bench
API_PORT=${API_PORT:-18080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18081}

# SEED=0 reuses the database of the previous run as it is
if [ "${SEED:-1}" = "1" ]; then
psql -h "$PGHOST" -p "$PGPORT" -U postgres -d postgres -q -v ON_ERROR_STOP=1 <<SQL
drop database if exists ${DB} with (force);
do \$\$ begin
  if not exists (select from pg_roles where rolname = '${DB}') then
    create role ${DB} login password '${DB}';
  end if;
end \$\$;
create database ${DB} owner ${DB};
SQL
fi

jar=$(ls target/backup-gateway-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
if [ -z "$jar" ]; then
	./mvnw -q -B -DskipTests package
	jar=$(ls target/backup-gateway-*.jar | grep -v plain | head -n 1)
fi

log=$(mktemp)
java -Xmx512m -jar "$jar" --spring.profiles.active=sandbox \
	--server.port="$API_PORT" --server.address=127.0.0.1 \
	--management.server.port="$MANAGEMENT_PORT" --management.server.address=127.0.0.1 \
	--spring.datasource.url="jdbc:postgresql://${PGHOST}:${PGPORT}/${DB}" \
	--spring.datasource.username="$DB" --spring.datasource.password="$DB" \
	--gateway.background.enabled=false >"$log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; rm -f "$log"' EXIT

for _ in $(seq 1 90); do
	curl -fs "http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/readiness" >/dev/null && break
	sleep 1
done
curl -fs "http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/readiness" >/dev/null || { cat "$log"; exit 1; }

if [ "${SEED:-1}" = "1" ]; then
echo "seeding ${ROWS} entries..."
start=$(date +%s)
psql -h "$PGHOST" -p "$PGPORT" -U "$DB" -d "$DB" -q -v ON_ERROR_STOP=1 -v rows="$ROWS" -f bench/seed.sql
echo "seeded in $(( $(date +%s) - start )) s; table size: $(psql -h "$PGHOST" -p "$PGPORT" -U "$DB" -d "$DB" -Atc \
	"select pg_size_pretty(pg_total_relation_size('audit_entry'))")"
fi

token=$(curl -fs -X POST "http://127.0.0.1:${API_PORT}/sandbox/token?subject=bench-auditor&scope=audit:read" \
	| sed -E 's/.*"access_token":"([^"]+)".*/\1/')
java bench/AuditBench.java "http://127.0.0.1:${API_PORT}" "http://127.0.0.1:${MANAGEMENT_PORT}" "$token"
