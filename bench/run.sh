#!/usr/bin/env bash
# Audit review benchmark: seeds ROWS entries (default 1,000,000) into a fresh audit store,
# starts the gateway on it (loopback only, sandbox identity provider, background jobs off,
# 512 MB heap) and prints p50/p95 per page, the reviews answered 503 (query-timeout), and
# export throughput.
#   bash bench/run.sh                 # 1M entries on the local PostgreSQL
#   ROWS=10000000 bash bench/run.sh
#   STORE=h2 bash bench/run.sh        # 1M entries on an H2 file, as the sandbox keeps them
#   bash bench/run.sh create          # the create path against a direct call (bench/create.sh)
#   bash bench/run.sh follow          # creates at a fixed rate, then how soon every job's end is recorded
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/database.sh
if [ "${1:-}" = "create" ]; then
	shift
	exec bash bench/create.sh "$@"
fi
if [ "${1:-}" = "follow" ]; then
	shift
	exec bash bench/follow.sh "$@"
fi

ROWS=${ROWS:-1000000}
STORE=${STORE:-postgresql}
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
DB=backup_gateway_bench
API_PORT=${API_PORT:-18080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18081}

jar=$(ls target/backup-gateway-*.jar 2>/dev/null | grep -v plain | head -n 1 || true)
if [ -z "$jar" ]; then
	./mvnw -q -B -DskipTests package
	jar=$(ls target/backup-gateway-*.jar | grep -v plain | head -n 1)
fi

work=$(mktemp -d)
app=
trap '[ -n "$app" ] && kill $app 2>/dev/null; rm -rf "$work"' EXIT

if [ "$STORE" = "h2" ]; then
	datasource=(--spring.datasource.url="jdbc:h2:file:${work}/audit" --spring.datasource.username=sa
		--spring.datasource.password=)
else
	datasource=(--spring.datasource.url="jdbc:postgresql://${PGHOST}:${PGPORT}/${DB}"
		--spring.datasource.username="$DB" --spring.datasource.password="$DB")
fi

start_gateway() {
	java -Xmx512m -jar "$jar" --spring.profiles.active=sandbox \
		--server.port="$API_PORT" --server.address=127.0.0.1 \
		--management.server.port="$MANAGEMENT_PORT" --management.server.address=127.0.0.1 \
		"${datasource[@]}" --gateway.background.enabled=false --gateway.limits.reads-per-caller-per-minute=100000000 >"$work/gateway.log" 2>&1 &
	app=$!
	for _ in $(seq 1 90); do
		curl -fs "http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/readiness" >/dev/null && return 0
		sleep 1
	done
	cat "$work/gateway.log"
	exit 1
}

stop_gateway() {
	kill "$app"
	wait "$app" || true
	app=
}

if [ "$STORE" = "h2" ]; then
	# The gateway migrates the file, then lets go of it for H2's own script runner.
	start_gateway
	stop_gateway
	echo "seeding ${ROWS} entries into H2..."
	start=$(date +%s)
	(cd "$work" && jar xf "$OLDPWD/$jar" $(jar tf "$OLDPWD/$jar" | grep 'BOOT-INF/lib/h2-'))
	for from in $(seq 1 50000 "$ROWS"); do
		to=$(( from + 49999 < ROWS ? from + 49999 : ROWS ))
		sed -e "s/:from/${from}/" -e "s/:to/${to}/" bench/seed-h2.sql
	done >"$work/seed.sql"
	# seeded history has no entry MAC: it counts as written before entries carried one (docs/audit.md)
	echo "update audit_chain_state set mac_from_seq = (select coalesce(max(seq), 0) + 1 from audit_entry) where id = 1;" >>"$work/seed.sql"
	echo "analyze;" >>"$work/seed.sql"
	# a cache that holds the indexes: with H2's default the random index inserts rewrite the file over and over
	java -Xmx3g -cp "$work"/BOOT-INF/lib/h2-*.jar org.h2.tools.RunScript \
		-url "jdbc:h2:file:${work}/audit;CACHE_SIZE=2097152" -user sa \
		-script "$work/seed.sql"
	echo "seeded in $(( $(date +%s) - start )) s; file size: $(du -sh "$work"/audit.mv.db | cut -f1)"
	start_gateway
else
	# SEED=0 reuses the database of the previous run as it is
	if [ "${SEED:-1}" = "1" ]; then
		recreate_database
	fi
	start_gateway
	if [ "${SEED:-1}" = "1" ]; then
		echo "seeding ${ROWS} entries..."
		start=$(date +%s)
		psql -h "$PGHOST" -p "$PGPORT" -U "$DB" -d "$DB" -q -v ON_ERROR_STOP=1 -v rows="$ROWS" -f bench/seed.sql
		echo "seeded in $(( $(date +%s) - start )) s; table size: $(psql -h "$PGHOST" -p "$PGPORT" -U "$DB" -d "$DB" -Atc \
			"select pg_size_pretty(pg_total_relation_size('audit_entry'))")"
	fi
fi

echo "store: ${STORE}, ${ROWS} entries, gateway.audit.query-timeout at its default"
token=$(curl -fs -X POST "http://127.0.0.1:${API_PORT}/sandbox/token?subject=bench-auditor&scope=audit:read" \
	| sed -E 's/.*"access_token":"([^"]+)".*/\1/')
java bench/AuditBench.java "http://127.0.0.1:${API_PORT}" "http://127.0.0.1:${MANAGEMENT_PORT}" "$token"
