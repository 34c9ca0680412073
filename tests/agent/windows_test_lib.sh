# Sourced by the Windows agent's end-to-end tests (windows_agent_e2e.sh,
# windows_msi_test.sh): the Linux build's surveyor-server on loopback over
# TLS with a tenant and a token, and helpers for Wine's paths and services.
# Expects: $work (a fresh directory), $server (surveyor-server), wine_run
# (an array: install/windows/wine-run.sh and the prefix), and agent_log.

# Says why, shows the ends of the server's and the agent's logs
# ($agent_log), and exits 1.
fail() {
  echo "FAIL: $*"
  echo "--- server log"; tail -20 "$work/server.log" 2>/dev/null || true
  echo "--- agent log"; tail -20 "${agent_log:-/dev/null}" 2>/dev/null || true
  exit 1
}

winpath() { echo "Z:${1//\//\\}"; }  # Wine's Z: drive is the Linux root
# The same in a textproto string, where a backslash is written twice.
textpath() { local p; p=$(winpath "$1"); echo "${p//\\/\\\\}"; }

# Starts the server; sets server_pid, port, secret (tenant acme's
# enrollment secret) and token (an API token). RSA rather than
# make-cert.sh's ECDSA: Wine 8 rejects an ECDSA signature whose r or s is
# shorter than 32 bytes (about 1 certificate in 128; it does not left-pad
# the integer), which Windows accepts.
start_surveyor_server() {
  mkdir -p "$work/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$work/tls/server.key" -out "$work/tls/server.crt" 2>/dev/null
  "$server" serve --data-dir "$work/data" --cert "$work/tls/server.crt" \
    --key "$work/tls/server.key" --listen 127.0.0.1:0 \
    --port-file "$work/port" --metrics-listen 127.0.0.1:0 \
    --metrics-port-file "$work/metrics-port" >"$work/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 500); do
    [ -s "$work/port" ] && [ "$(tail -c1 "$work/port")" = "" ] && break
    sleep 0.02
  done
  port=$(tr -d '\n' <"$work/port")
  [ -n "$port" ] || fail "the server did not start"
  secret=$("$server" tenant add acme --data-dir "$work/data" | awk '{w=$NF} END {print w}')
  token=$("$server" token add --tenant acme --data-dir "$work/data" | awk '{w=$NF} END {print w}')
}

api() {
  curl -sS --fail-with-body --cacert "$work/tls/server.crt" \
    -H "Authorization: Bearer $token" "https://localhost:$port$1"
}

# The agent ids of tenant acme's hosts, one per line.
api_host_ids() {
  api /v1/tenants/acme/hosts | python3 -c '
import json, sys
d = json.load(sys.stdin)
for h in (d.get("hosts", d) if isinstance(d, dict) else d):
    print(h.get("agent_id", ""))'
}

# Whether host $1's software lists program $2 (at version $3 when given).
has_program() {
  api "/v1/hosts/$1/software" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
items = doc.get("software", doc.get("packages", doc)) if isinstance(doc, dict) else doc
want = sys.argv[1:]
sys.exit(0 if any(p.get("name") == want[0] and
                  (len(want) < 2 or p.get("version") == want[1])
                  for p in items) else 1)' "${@:2}"
}

# The SurveyorAgent service's state (RUNNING, STOPPED), empty when absent.
service_state() {
  "${wine_run[@]}" sc query SurveyorAgent 2>/dev/null | tr -d '\r' |
    sed -n 's/^ *STATE *: [0-9]* *//p'
}

# Wine's service control manager lives as long as its wineserver, which
# leaves a few seconds after its last program: a program that waits keeps it
# for the services' lifetime, as Windows' SCM always is. Sets keeper.
start_wine_keeper() {
  "${wine_run[@]}" ping -n 300 127.0.0.1 >/dev/null 2>&1 &
  keeper=$!
}

# The versions host $1's software lists for program $2, one per line.
program_versions() {
  api "/v1/hosts/$1/software" | python3 -c '
import json, sys
doc = json.load(sys.stdin)
items = doc.get("software", doc.get("packages", doc)) if isinstance(doc, dict) else doc
for p in items:
    if p.get("name") == sys.argv[1]: print(p.get("version", ""))' "$2"
}
