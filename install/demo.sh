#!/usr/bin/env bash
# The whole loop on one machine: starts surveyor-server (TLS, embedded store)
# on loopback, creates a tenant, enrolls this machine's agent with one
# `surveyor-agent run --once`, and shows the inventory back through the
# server's JSON API. Leaves the server running; stop it with
#   kill $(cat /tmp/surveyor-demo/server.pid)
# Run install/setup.sh first (the quick start's first command does).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build="$here/build"
work=${SURVEYOR_DEMO_DIR:-/tmp/surveyor-demo}
if [ -f "$work/server.pid" ]; then kill "$(cat "$work/server.pid")" 2>/dev/null || true; fi
rm -rf "$work"
mkdir -p "$work"
export SURVEYOR_DATA_DIR="$work/data"

"$here/install/make-cert.sh" "$work/tls" >/dev/null
secret=$("$build/service/surveyor-server" tenant add demo | sed -n 's/.*: //p')
token=$("$build/service/surveyor-server" token add --tenant demo | sed -n 's/.*: //p')
"$build/service/surveyor-server" serve --cert "$work/tls/server.crt" \
  --key "$work/tls/server.key" --listen 127.0.0.1:0 --port-file "$work/port" \
  >"$work/server.log" 2>&1 &
echo $! >"$work/server.pid"
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(cat "$work/port")
echo "surveyor-server: https://localhost:$port (log $work/server.log)"

echo "$secret" >"$work/enroll.secret"
chmod 600 "$work/enroll.secret"
cat >"$work/agent.textproto" <<CONF
server {
  url: "https://localhost:$port"
  ca_file: "$work/tls/server.crt"
  enroll_secret_file: "$work/enroll.secret"
}
state_dir: "$work/agent-state"
CONF
"$build/agent/surveyor-agent" run --once --config "$work/agent.textproto"
"$build/agent/surveyor-agent" status --config "$work/agent.textproto"
echo
api() { curl -s --cacert "$work/tls/server.crt" -H "Authorization: Bearer $token" "https://localhost:$port$1"; }
agent=$(head -1 "$work/agent-state/node_key")
api "/v1/hosts/$agent/software?limit=10000" | python3 -c '
import collections, json, sys
d = json.load(sys.stdin)
h = d["host"]
print(f"Through the server: {h['"'"'hostname'"'"']} ({h['"'"'os'"'"']}), tenant {h['"'"'tenant'"'"']}, agent {h['"'"'agent_id'"'"']}")
per = collections.Counter(r["source"] for r in d["software"])
more = " (first page; more follow)" if "next_cursor" in d else ""
print(f"{sum(per.values())} installed packages stored at the server{more}: " +
      ", ".join(f"{n} {s}" for s, n in sorted(per.items())))
'
echo
echo "Catalogued products on this machine:"
"$build/service/surveyor-server" products --tenant demo
echo
echo "Findings for tenant demo (tool overlap, shadow IT, control gaps):"
"$build/service/surveyor-server" findings --tenant demo
# This week (the tenant's time zone is UTC by default); without --week, the
# last complete one, which this fresh tenant did not exist in yet.
"$build/service/surveyor-server" digest preview --tenant demo --week "$(date -u +%G-W%V)" \
  --server-url "https://localhost:$port" -o "$work/digest.html"
echo "This week's digest for tenant demo: $work/digest.html (open it in a browser;"
echo "  --format eml gives the e-mail, text the plain-text part, json the data)"
echo
echo "Read API token for tenant demo: $token"
echo "Try: curl --cacert $work/tls/server.crt -H 'Authorization: Bearer $token' https://localhost:$port/v1/tenants/demo/hosts"
echo "     (also .../findings, .../products, .../policy)"
