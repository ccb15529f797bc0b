#!/usr/bin/env bash
# Follow-up benchmark (bench/README.md): creates at a fixed rate through the gateway on the local
# PostgreSQL, against a stub whose jobs end at once, then how long until every job's end is
# recorded, how late each end was recorded, and the calls the stub's job API saw.
#   bash bench/run.sh follow                        # 100 creates/s for 120 s
#   RATE=100 DURATION=600 bash bench/run.sh follow  # the ten-minute soak
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/database.sh
. bench/stub.sh

RATE=${RATE:-100}
DURATION=${DURATION:-120}
. bench/jdk.sh
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
DB=backup_gateway_bench
STUB_PORT=${STUB_PORT:-18090}
API_PORT=${API_PORT:-18080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18081}
PROJECT_ID=0b5e8d2c9f1a4e7b8c3d6f0a1e2b3c4d
INSTANCE=$(printf '%032xin06' 1)

./mvnw -q -B -ntp -DskipTests package
jar=$(ls target/backup-gateway-*.jar | grep -v plain | head -n 1)
work=$(mktemp -d)
stub=
app=
trap '[ -n "$app" ] && kill $app 2>/dev/null; [ -n "$stub" ] && kill $stub 2>/dev/null; rm -rf "$work"' EXIT
javac -d "$work/classes" bench/FixedRate.java

start_stub
gateway_config "$INSTANCE"

recreate_database
# shellcheck disable=SC2086
"$GATEWAY_JAVA" $JAVA_OPTS -jar "$jar" --spring.config.additional-location="file:${work}/gateway.yml" \
	--spring.datasource.url="jdbc:postgresql://${PGHOST}:${PGPORT}/${DB}" --spring.datasource.username="$DB" \
	--spring.datasource.password="$DB" ${GATEWAY_ARGS:-} >"$work/gateway.log" 2>&1 &
app=$!
for _ in $(seq 1 600); do
	curl -fs "http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/readiness" >/dev/null 2>&1 && break
	kill -0 "$app" 2>/dev/null || { tail -n 40 "$work/gateway.log"; exit 1; }
	sleep 0.1
done
curl -fs -X POST "${stub_url}/stats/reset"

sql() { psql -h "$PGHOST" -p "$PGPORT" -U "$DB" -d "$DB" -Atc "$1"; }
gauge() {
	curl -fs "http://127.0.0.1:${MANAGEMENT_PORT}/actuator/prometheus" | awk -v name="$1" '$1 == name { print $2 }'
}
line() { printf '%-44s %s\n' "$1" "$2"; }

echo "== configuration"
line "machine" "$(nproc) cores, gateway on $("$GATEWAY_JAVA" -version 2>&1 | head -n 1)"
line "gateway JVM options" "$JAVA_OPTS"
line "load" "${RATE} creates/s for ${DURATION} s (bench/FixedRate.java), one team, jobs that end at once"
line "follower" "gateway.jobs defaults: poll-interval 10s, max-calls-per-second 5"
echo

# sample the follower's own gauges while the load runs
(
	while kill -0 "$app" 2>/dev/null; do
		echo "$(date +%s) $(gauge gateway_jobs_open) $(gauge gateway_jobs_oldest_open_age_seconds)"
		sleep 5
	done
) >"$work/samples" 2>/dev/null &
sampler=$!

read -r p50 p90 p99 ok bad all < <(java -cp "$work/classes" FixedRate \
	"http://127.0.0.1:${API_PORT}/v1/teams/bench/instances/${INSTANCE}/backups" "$RATE" "$DURATION" \
	"Authorization: Bearer ${token}" '{"name":"bench-nightly","description":"benchmark"}')
load_end=$(date +%s)
line "creates" "${ok} accepted, ${bad} errors, p50 ${p50} ms, p99 ${p99} ms"

open_sql="select count(*) from audit_entry e where e.action = 'backup.create' and e.outcome = 'accepted'
  and not exists (select 1 from audit_entry j where j.action = 'backup.job' and j.job_id = e.job_id)"
for _ in $(seq 1 1200); do
	[ "$(sql "$open_sql")" = "0" ] && break
	sleep 1
done
drained=$(date +%s)
kill "$sampler" 2>/dev/null || true
line "every end recorded" "$(( drained - load_end )) s after the last create (open now: $(sql "$open_sql"))"
line "end recorded after the create, max" "$(sql "select round(extract(epoch from max(j.occurred_at - e.occurred_at))::numeric, 1) || ' s'
  from audit_entry e join audit_entry j on j.job_id = e.job_id and j.action = 'backup.job'
  where e.action = 'backup.create' and e.outcome = 'accepted'")"
line "end recorded after the create, p99" "$(sql "select round(extract(epoch from percentile_cont(0.99) within group
  (order by j.occurred_at - e.occurred_at))::numeric, 1) || ' s'
  from audit_entry e join audit_entry j on j.job_id = e.job_id and j.action = 'backup.job'
  where e.action = 'backup.create' and e.outcome = 'accepted'")"
line "open jobs while loading (gauge, max)" "$(awk '{ if ($2 > m) m = $2 } END { print m + 0 }' "$work/samples")"
line "oldest open job (gauge, max)" "$(awk '{ if ($3 > m) m = $3 } END { printf "%.1f s", m }' "$work/samples")"
stats=$(curl -fs "${stub_url}/stats")
line "job API calls the stub saw" "$(echo "$stats" | sed -E 's/.*"job_list_calls":([0-9]+).*/\1/') list pages, $(echo "$stats" | sed -E 's/.*"job_lookups":([0-9]+).*/\1/') single lookups, for $(echo "$stats" | sed -E 's/.*"gateway_creates":([0-9]+).*/\1/') jobs"
line "gateway log" "$(grep -c ' ERROR ' "$work/gateway.log" || true) ERROR lines"
[ -n "${KEEP_LOG:-}" ] && cp "$work/gateway.log" "$KEEP_LOG"
true
