#!/usr/bin/env bash
# SaaS connector benchmark (issue #12): the real agent runs five connectors
# (Microsoft 365, Slack, Zoom, GitHub, Okta) against the fixture HTTPS server
# holding PEOPLE generated people at each vendor (Graph pages of 120, Slack
# and Okta pages of 200, Zoom pages of 300, GitHub pages of 100), three times; prints wall time and peak RSS (GNU time), the bytes the
# vendors sent, and what the SaaS section costs: raw, and zstd-compressed as
# the agent sends it, in full and after 5 people changed (a changed
# non-software section travels whole). Measures; never fails on a slow
# machine.
#   tests/bench/saas_bench.sh [PEOPLE=2000]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
people=${1:-2000}
agent="$here/build/agent/surveyor-agent"
work=$(mktemp -d /tmp/surveyor-saas-bench.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
"$here/install/make-cert.sh" "$work/tls" >/dev/null
echo graph-secret >"$work/graph.secret"
echo xoxp-fixture >"$work/slack.token"
echo zoom-secret >"$work/zoom.secret"
echo ghp_fixture >"$work/github.token"
echo okta-fixture >"$work/okta.token"
chmod 600 "$work"/*.secret "$work"/*.token

start_fixture() {  # SCENARIO
  [ -n "$pid" ] && { kill "$pid"; wait "$pid" 2>/dev/null || true; }
  rm -f "$work/port" "$work/requests.log"
  python3 "$here/tests/fixtures/saas/fixture_server.py" "$work/tls/server.crt" \
    "$work/tls/server.key" "$work/port" "$work/requests.log" "$1" &
  pid=$!
  for _ in $(seq 200); do [ -s "$work/port" ] && break; sleep 0.05; done
  local base="https://localhost:$(cat "$work/port")" ca="$work/tls/server.crt"
  cat >"$work/agent.textproto" <<CONF
saas_connectors { vendor: "microsoft365" name: "m365" tenant_id: "contoso" client_id: "app"
  secret_file: "$work/graph.secret" base_url: "$base"
  token_url: "$base/contoso/oauth2/v2.0/token" ca_file: "$ca" }
saas_connectors { vendor: "slack" name: "slack" secret_file: "$work/slack.token"
  base_url: "$base" ca_file: "$ca" }
saas_connectors { vendor: "zoom" name: "zoom" client_id: "zoom-client" account: "acme-account"
  secret_file: "$work/zoom.secret" base_url: "$base" token_url: "$base/zoom/oauth/token"
  ca_file: "$ca" }
saas_connectors { vendor: "github" name: "github" account: "acme"
  secret_file: "$work/github.token" base_url: "$base" ca_file: "$ca" }
saas_connectors { vendor: "okta" name: "okta" secret_file: "$work/okta.token"
  base_url: "$base" ca_file: "$ca" }
CONF
}

collect() {  # OUTPUT -> prints "seconds kib"
  /usr/bin/time -f "%e %M" -o "$work/time" "$agent" collect --only saas \
    --config "$work/agent.textproto" --format proto -o "$1" >/dev/null
  cat "$work/time"
}

start_fixture "scale:$people"
echo "== $people people at each of microsoft365, slack, zoom, github, okta (fixture server, TLS on loopback)"
for run in 1 2 3; do
  : >"$work/requests.log"
  read -r secs kib < <(collect "$work/full.pb")
  api=$(awk '$1=="<" {s+=$3} END {print s}' "$work/requests.log")
  calls=$(grep -c '^GET\|^POST' "$work/requests.log")
  printf "run %d: %6.2f s wall, peak RSS %6.1f MiB, %d API calls, %d bytes from the vendors\n" \
    "$run" "$secs" "$(awk "BEGIN {print $kib/1024}")" "$calls" "$api"
done
full=$(stat -c %s "$work/full.pb")
full_z=$(zstd -3 -q -c "$work/full.pb" | wc -c)
start_fixture "scale-changed:$people"
collect "$work/changed.pb" >/dev/null
changed_z=$(zstd -3 -q -c "$work/changed.pb" | wc -c)
printf "%-44s %12s %12s\n" "SaaS section (snapshot with only it)" "raw bytes" "zstd -3"
printf "%-44s %12d %12d\n" "full" "$full" "$full_z"
printf "%-44s %12s %12d\n" "after 5 people changed (sent whole)" "-" "$changed_z"
printf "%-44s %12.1f%%\n" "section (zstd) / bytes the vendors sent" \
  "$(awk "BEGIN {print 100*$full_z/$api}")"
