#!/usr/bin/env bash
# Create-path benchmark (bench/README.md): the gateway side by side with a direct call to a fast
# stand-in of IAM and GeminiDB (bench/CloudStub.java), all on loopback.
#   bash bench/run.sh create                   # PostgreSQL, then H2
#   STORES=postgresql bash bench/run.sh create
#   DURATION=5 SUSTAIN=0 WARMUP=5 CONNECTIONS=32 bash bench/run.sh create   # a quick try
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/database.sh
. bench/stub.sh

STORES=${STORES:-"postgresql h2"}
DURATION=${DURATION:-15}          # seconds per fixed-rate and per maximum-throughput run
SUSTAIN=${SUSTAIN:-60}            # seconds of the sustained run (PostgreSQL only)
WARMUP=${WARMUP:-30}              # seconds at 32 connections before the measured runs: C2 compiles for about a minute
RATE=${RATE:-200}
CONNECTIONS=${CONNECTIONS:-"8 32 128"}
INSTANCES=${INSTANCES:-50}
STARTS=${STARTS:-3}               # starts of a migrated database measured (the last one serves the runs)
PROFILE=${PROFILE:-1}             # 1: one more run at 32 connections under the flight recorder (bench/JfrBreakdown.java)
. bench/jdk.sh
if [ "${gateway_feature%%.*}" -ge 25 ]; then
	# Java 25: an AOT cache (classes loaded and linked, and method profiles) from a training start
	archive_training=(-XX:AOTCacheOutput=backup-gateway.aot)
	archive_use=(-XX:AOTCache=backup-gateway.aot)
else
	archive_training=(-XX:ArchiveClassesAtExit=backup-gateway.jsa)
	archive_use=(-XX:SharedArchiveFile=backup-gateway.jsa -Xshare:auto)
fi
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
DB=backup_gateway_bench
STUB_PORT=${STUB_PORT:-18090}
API_PORT=${API_PORT:-18080}
MANAGEMENT_PORT=${MANAGEMENT_PORT:-18081}
PROJECT_ID=0b5e8d2c9f1a4e7b8c3d6f0a1e2b3c4d

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v hey >/dev/null || missing+=(hey)
if [ ${#missing[@]} -gt 0 ]; then
	echo "installing ${missing[*]} (Debian packages)"
	apt-get install -y -qq "${missing[@]}" >/dev/null
fi

./mvnw -q -B -ntp -DskipTests package
jar=$(ls target/backup-gateway-*.jar | grep -v plain | head -n 1)

work=$(mktemp -d)
stub=
app=
trap '[ -n "$app" ] && kill $app 2>/dev/null; [ -n "$stub" ] && kill $stub 2>/dev/null; rm -rf "$work"' EXIT

# the layout and the archive of the image (Dockerfile: an AOT cache on Java 25), trained the same way
java -Djarmode=tools -jar "$jar" extract --destination "$work/app" >/dev/null
mv "$work"/app/backup-gateway-*.jar "$work/app/backup-gateway.jar"
# shellcheck disable=SC2086
# with the options of the runs: a JVM started with other flags (the collector, object headers) refuses the archive
(cd "$work/app" && "$GATEWAY_JAVA" $JAVA_OPTS "${archive_training[@]}" -Dspring.context.exit=onRefresh \
	-jar backup-gateway.jar --spring.profiles.active=sandbox --spring.datasource.url=jdbc:h2:mem:training \
	--gateway.background.enabled=false --server.port=0 --management.server.port=0 >"$work/training.log" 2>&1) \
	|| { tail -n 30 "$work/training.log"; exit 1; }
javac -d "$work/classes" bench/FixedRate.java

start_stub

instances=()
for i in $(seq 1 "$INSTANCES"); do
	instances+=("$(printf '%032xin06' "$i")")
done
gateway_config "${instances[@]}"

{
	echo 'local ids = {'
	for id in "${instances[@]}"; do echo "  \"${id}\","; done
	echo '}'
	cat <<'LUA'
local n = 0
local body = '{"name":"bench-nightly","description":"benchmark"}'
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
request = function()
  n = n + 1
  return wrk.format("POST", string.format(os.getenv("BENCH_PATH"), ids[n % #ids + 1]), headers, body)
end
LUA
} >"$work/post.lua"

gateway_path="/v1/teams/bench/instances/%s/backups"
direct_path="/v3/${PROJECT_ID}/instances/%s/backups"
accepted=0

clock_ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rss_mb() { awk '/^VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }
peak_rss_mb() { awk '/^VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

# an even, open-model load at RATE req/s (bench/FixedRate.java): prints "p50 p90 p99 ok errors" (milliseconds)
fixed_rate() {
	java -cp "$work/classes" FixedRate "$1" "$RATE" "$DURATION" "$2" '{"name":"bench-nightly","description":"benchmark"}'
}

# wrk at full speed: prints "req/s p50 p90 p99 ok errors" (milliseconds)
max_rate() {
	local base=$1 path=$2 auth_token=$3 connections=$4 seconds=$5 out="$work/wrk.out" threads=2
	[ "$connections" -lt 2 ] && threads=1
	BENCH_TOKEN=$auth_token BENCH_PATH=$path wrk -t "$threads" -c "$connections" -d "${seconds}s" --timeout 10s --latency \
		-s "$work/post.lua" "$base" >"$out"
	awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
		/^ +(50|90|99)%/ { sub("%", "", $1); p[$1] = ms($2) }
		/requests in/ { total = $1 }
		/Non-2xx/ { bad += $NF }
		/Socket errors/ { gsub(/,/, ""); bad += $4 + $6 + $8 + $10 }
		/^Requests\/sec/ { rate = $2 }
		END { printf "%.0f %.2f %.2f %.2f %d %d\n", rate, p[50], p[90], p[99], total - bad, bad }' "$out"
}

start_gateway() {
	local store=$1 opts=${2:-$JAVA_OPTS} fresh=${3:-fresh} datasource
	if [ "$store" = "h2" ]; then
		datasource=(--spring.datasource.url="jdbc:h2:file:${work}/audit" --spring.datasource.username=sa
			--spring.datasource.password=)
	else
		[ "$fresh" = "fresh" ] && recreate_database
		datasource=(--spring.datasource.url="jdbc:postgresql://${PGHOST}:${PGPORT}/${DB}"
			--spring.datasource.username="$DB" --spring.datasource.password="$DB")
	fi
	curl -fs -X POST "${stub_url}/stats/reset"
	local launched
	launched=$(date +%s%N)
	# shellcheck disable=SC2086
	# from the application's directory, as trained: the archive holds the class path as given
	(cd "$work/app" && exec "$GATEWAY_JAVA" $opts "${archive_use[@]}" -jar backup-gateway.jar \
		--spring.config.additional-location="file:${work}/gateway.yml" "${datasource[@]}" >"$work/gateway.log" 2>&1) &
	app=$!
	for _ in $(seq 1 1200); do
		if curl -fs "http://127.0.0.1:${MANAGEMENT_PORT}/actuator/health/readiness" >/dev/null 2>&1; then
			ready_ms=$(( ($(date +%s%N) - launched) / 1000000 ))
			return 0
		fi
		kill -0 "$app" 2>/dev/null || break
		sleep 0.05
	done
	tail -n 40 "$work/gateway.log"
	exit 1
}

stop_gateway() {
	kill "$app"
	wait "$app" || true
	app=
}

audited() {
	local store=$1 sql="select count(*) from audit_entry where action = 'backup.create' and outcome = '${2:-accepted}'"
	if [ "$store" = "h2" ]; then
		(cd "$work" && jar xf "$OLDPWD/$jar" $(jar tf "$OLDPWD/$jar" | grep 'BOOT-INF/lib/h2-'))
		java -cp "$work"/BOOT-INF/lib/h2-*.jar org.h2.tools.Shell -url "jdbc:h2:file:${work}/audit" -user sa \
			-sql "$sql" | awk 'NR == 2 { print $1 }'
	else
		psql -h "$PGHOST" -p "$PGPORT" -U "$DB" -d "$DB" -Atc "$sql"
	fi
}

line() { printf '%-44s %s\n' "$1" "$2"; }

# The gateway's own timers over one measured run: the mean per call of each component, from the
# difference of its _sum and _count between two scrapes (so warm-up and other runs are left out).
scrape() { curl -fs "http://127.0.0.1:${MANAGEMENT_PORT}/actuator/prometheus" >"$1"; }
breakdown() {
	local before=$1 after=$2
	awk -v before="$before" '
		function component(line,   name) {
			if (line ~ /^http_server_requests_seconds_(sum|count)\{/ && line ~ /method="POST"/ && line ~ /backups"/) return "http.server.requests (whole request in Spring MVC)";
			if (line ~ /^gateway_requests_seconds_(sum|count)\{/ && line ~ /action="backup.create"/) return "gateway.requests (the create flow)";
			if (line ~ /^resilience4j_circuitbreaker_calls_seconds_(sum|count)\{/ && line ~ /kind="successful"/) return "circuit breaker around the cloud call";
			if (line ~ /^http_client_requests_seconds_(sum|count)\{/ && line ~ /backups/) return "http.client.requests (WebClient, create)";
			if (line ~ /^gateway_upstream_requests_seconds_(sum|count)\{/ && line ~ /call="POST [^"]*backups"/) return "gateway.upstream.requests (create: token, call, answer)";
			if (line ~ /^gateway_audit_writes_seconds_(sum|count)\{/ && line ~ /operation="insert"/) return "audit write: attempt (insert)";
			if (line ~ /^gateway_audit_writes_seconds_(sum|count)\{/ && line ~ /operation="complete"/) return "audit write: outcome (complete)";
			if (line ~ /^gateway_background_passes_seconds_(sum|count)\{/ && line ~ /job="Sealing the audit chain"/ && line ~ /ran="true"/) return "chain sealer pass";
			if (line ~ /^gateway_background_passes_seconds_(sum|count)\{/ && line ~ /job="Following backup jobs"/ && line ~ /ran="true"/) return "job follower pass";
			return "";
		}
		function add(line, sign,   c, kind) {
			c = component(line); if (c == "") return;
			kind = (line ~ /_sum\{/) ? "sum" : "count";
			total[c, kind] += sign * $NF;
		}
		BEGIN {
			n = split("http.server.requests (whole request in Spring MVC)|gateway.requests (the create flow)|" \
				"audit write: attempt (insert)|circuit breaker around the cloud call|" \
				"gateway.upstream.requests (create: token, call, answer)|http.client.requests (WebClient, create)|" \
				"audit write: outcome (complete)|chain sealer pass|job follower pass", order, "|")
		}
		FILENAME == before { add($0, -1); next }
		{ add($0, 1) }
		END {
			for (i = 1; i <= n; i++) {
				c = order[i];
				if (total[c, "count"] > 0) printf "  %-48s %8.2f ms mean over %d\n", c, total[c, "sum"] / total[c, "count"] * 1000, total[c, "count"];
			}
		}' "$before" "$after"
}

echo "== configuration"
line "machine" "$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), gateway on $("$GATEWAY_JAVA" -version 2>&1 | head -n 1)"
line "gateway JVM options" "$JAVA_OPTS"
line "load" "one caller, team bench, ${INSTANCES} instances in turn, POST {name, description}"
line "fixed rate" "bench/FixedRate.java, ${RATE} req/s evenly spaced, ${DURATION} s per run (after 5 s), direct and gateway interleaved"
line "maximum throughput" "wrk, 2 threads, ${CONNECTIONS} connections, ${DURATION} s each, after ${WARMUP} s warm-up"
line "stub" "JDK HttpServer, 4 threads, loopback"
line "gateway" "production profile, background work on, ${archive_use[0]#-XX:}, jobs followed"
echo

echo "== direct to the stub"
BENCH_TOKEN=stub BENCH_PATH=$direct_path wrk -t 2 -c 32 -d "${WARMUP}s" -s "$work/post.lua" "$stub_url" >/dev/null
for c in 1 $CONNECTIONS; do
	read -r rate p50 p90 p99 ok bad < <(max_rate "$stub_url" "$direct_path" stub "$c" "$DURATION")
	line "max, ${c} connections" "${rate} req/s, p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms, errors ${bad}"
done
echo

for store in $STORES; do
	echo "== gateway on ${store}"
	if [ "$store" = "postgresql" ]; then
		# a first start migrates a new database; a pod restarting finds it migrated (the runs below)
		start_gateway "$store" "$JAVA_OPTS" fresh
		line "ready after JVM start, new database" "${ready_ms} ms (migrations applied)"
		stop_gateway
		# startup alone with C1 only: what the JIT's second tier costs at startup
		start_gateway "$store" "$JAVA_OPTS -XX:TieredStopAtLevel=1" migrated
		line "ready after JVM start, C1 only" "${ready_ms} ms"
		stop_gateway
		# a start varies by a second here: the earlier starts of a migrated database, then the measured one
		readies=()
		for _ in $(seq 2 "$STARTS"); do
			start_gateway "$store" "$JAVA_OPTS" migrated
			readies+=("$ready_ms")
			stop_gateway
		done
		start_gateway "$store" "$JAVA_OPTS" migrated
		readies+=("$ready_ms")
		line "ready after JVM start, ${STARTS} starts" "$(IFS=/; echo "${readies[*]}" | sed 's|/| / |g') ms"
	else
		start_gateway "$store"
	fi
	line "ready after JVM start" "${ready_ms} ms ($(grep -o 'Started .*' "$work/gateway.log" | head -n 1))"
	line "RSS when ready" "$(rss_mb "$app") MB"

	hey -n 1000 -c 1000 -m POST -T application/json -H "Authorization: Bearer ${token}" \
		-d '{"name":"bench-nightly","description":"benchmark"}' \
		"http://127.0.0.1:${API_PORT}${gateway_path//%s/${instances[0]}}" >"$work/first.out"
	first_ok=$(awk '/^  \[2[0-9][0-9]\]/ { ok += $2 } END { print ok + 0 }' "$work/first.out")
	accepted=$(( first_ok ))
	iam=$(curl -fs "${stub_url}/stats" | sed -E 's/.*"iam_calls":([0-9]+).*/\1/')
	line "1,000 concurrent first requests" "${first_ok} accepted, IAM token requests: ${iam}"

	read -r _ _ _ _ ok _ < <(max_rate "http://127.0.0.1:${API_PORT}" "$gateway_path" "$token" 32 "$WARMUP")
	accepted=$(( accepted + ok ))
	line "after ${WARMUP} s warm-up" "RSS $(rss_mb "$app") MB"

	scrape "$work/before.prom"
	read -r rate p50 p90 p99 ok bad < <(max_rate "http://127.0.0.1:${API_PORT}" "$gateway_path" "$token" 1 "$DURATION")
	scrape "$work/after.prom"
	accepted=$(( accepted + ok ))
	line "max, 1 connection" "${rate} req/s, p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms, errors ${bad}"
	echo "where one request's time goes (the gateway's own timers over that run):"
	breakdown "$work/before.prom" "$work/after.prom"

	for round in 1 2; do
		read -r p50 p90 p99 _ bad _ < <(fixed_rate "${stub_url}${direct_path//%s/${instances[0]}}" "X-Auth-Token: stub")
		line "${RATE} req/s direct (round ${round})" "p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms, errors ${bad}"
		read -r p50 p90 p99 _ bad all < <(fixed_rate "http://127.0.0.1:${API_PORT}${gateway_path//%s/${instances[$round]}}" \
			"Authorization: Bearer ${token}")
		accepted=$(( accepted + all ))
		line "${RATE} req/s gateway (round ${round})" "p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms, errors ${bad}"
	done

	for c in $CONNECTIONS; do
		before=$(cpu_ticks "$app")
		read -r rate p50 p90 p99 ok bad < <(max_rate "http://127.0.0.1:${API_PORT}" "$gateway_path" "$token" "$c" "$DURATION")
		cpu=$(awk -v t=$(( $(cpu_ticks "$app") - before )) -v hz="$clock_ticks" -v n="$(( ok + bad ))" \
			'BEGIN { printf "%.2f", (n > 0) ? t / hz / n * 1000 : 0 }')
		accepted=$(( accepted + ok ))
		line "max, ${c} connections" "${rate} req/s, p50 ${p50} ms, p90 ${p90} ms, p99 ${p99} ms, errors ${bad}, CPU ${cpu} s/1,000 req, RSS $(rss_mb "$app") MB"
	done

	if [ "$PROFILE" = "1" ]; then
		# a run of its own under the flight recorder, so the figures above carry none of its cost
		"${GATEWAY_JAVA%/java}/jcmd" "$app" JFR.start name=bench settings=default filename="$work/cpu.jfr" >/dev/null
		before=$(cpu_ticks "$app")
		read -r rate _ _ _ ok bad < <(max_rate "http://127.0.0.1:${API_PORT}" "$gateway_path" "$token" 32 "$DURATION")
		per_request=$(awk -v t=$(( $(cpu_ticks "$app") - before )) -v hz="$clock_ticks" -v n="$(( ok + bad ))" \
			'BEGIN { printf "%.0f", (n > 0) ? t / hz / n * 1000000 : 0 }')
		"${GATEWAY_JAVA%/java}/jcmd" "$app" JFR.stop name=bench >/dev/null
		accepted=$(( accepted + ok ))
		echo "where the CPU goes (flight recorder, 32 connections, ${DURATION} s, ${rate} req/s, ${per_request} us of CPU per request):"
		"$GATEWAY_JAVA" bench/JfrBreakdown.java "$work/cpu.jfr" "$per_request"
	fi

	if [ "$store" = "postgresql" ] && [ "$SUSTAIN" -gt 0 ]; then
		read -r rate p50 p90 p99 ok bad < <(max_rate "http://127.0.0.1:${API_PORT}" "$gateway_path" "$token" 32 "$SUSTAIN")
		accepted=$(( accepted + ok ))
		line "sustained ${SUSTAIN} s, 32 connections" "${rate} req/s, p50 ${p50} ms, p99 ${p99} ms, errors ${bad}, accepted ${ok}"
	fi
	line "peak RSS" "$(peak_rss_mb "$app") MB"
	stop_gateway
	created=$(curl -fs "${stub_url}/stats" | sed -E 's/.*"gateway_creates":([0-9]+).*/\1/')
	rows=$(audited "$store")
	pending=$(audited "$store" pending)
	errors=$(grep -c ' ERROR ' "$work/gateway.log" || true)
	line "gateway log" "${errors} ERROR lines$( [ "$errors" -gt 0 ] && echo ", first: $(grep -m 1 ' ERROR ' "$work/gateway.log" | cut -c 1-300)")"
	# every backup the stub made must have its entry: accepted, or still pending where the
	# outcome could not be written (the resolver settles it from the backup list later); a
	# request the load tool gave up on at the end of a run may have been accepted unseen
	if [ $(( rows + pending )) -eq "$created" ] && [ "$rows" -ge "$accepted" ]; then
		line "durable audit rows" "${rows} accepted + ${pending} pending entries for the ${created} backups the stub made (${accepted} answers 202 counted)"
	else
		line "durable audit rows" "MISMATCH: ${rows} accepted + ${pending} pending entries, ${created} backups made, ${accepted} answers 202"
		exit 1
	fi
	echo
done
