# The cloud's stand-in (bench/CloudStub.java) and the gateway's configuration against it, shared
# by bench/create.sh and bench/follow.sh. Both expect STUB_PORT, API_PORT, MANAGEMENT_PORT,
# PROJECT_ID and the run's directory in $work.

# Starts the stub; sets stub (its pid), token (a caller's bearer token for team bench) and stub_url.
start_stub() {
	java -Xmx512m -Dsun.net.httpserver.nodelay=true bench/CloudStub.java "$STUB_PORT" "$work" >"$work/stub.log" 2>&1 &
	stub=$!
	for _ in $(seq 1 150); do
		[ -s "$work/token" ] && curl -fs "http://127.0.0.1:${STUB_PORT}/stats" >/dev/null 2>&1 && break
		kill -0 "$stub" 2>/dev/null || { cat "$work/stub.log"; echo "the stub did not start (is port ${STUB_PORT} taken?)"; exit 1; }
		sleep 0.2
	done
	token=$(cat "$work/token")
	stub_url="http://127.0.0.1:${STUB_PORT}"
}

# Writes $work/gateway.yml: the stub as IAM, GeminiDB and identity provider, team bench owning
# the instances given, quotas out of the way (the load is one caller and one team: they would
# answer 429 within a second).
gateway_config() {
	{
		cat <<YAML
spring.security.oauth2.resourceserver.jwt.jwk-set-uri: ${stub_url}/jwks
server: { port: ${API_PORT}, address: 127.0.0.1 }
management.server: { port: ${MANAGEMENT_PORT}, address: 127.0.0.1 }
gateway:
  security: { audience: backup-gateway }
  cloud:
    iam: { endpoint: ${stub_url}, domain: bench-domain, username: backup-gateway, password: bench-password }
    projects:
      bench-project: { id: ${PROJECT_ID}, endpoint: ${stub_url} }
  limits:
    max-backups-per-team-per-hour: 100000000
    requests-per-caller-per-minute: 100000000
    reads-per-caller-per-minute: 100000000
    one-running-backup-per-instance: false
  audit:
    signing-key: file:${work}/audit-signing-key.pem
  teams:
    bench:
      instances:
YAML
		for id in "$@"; do
			echo "        - { id: ${id}, project: bench-project }"
		done
	} >"$work/gateway.yml"
}
