#!/usr/bin/env bash
# Connection-flood benchmark (issue #11's target): a real surveyor-server
# under the usual open-file limit of 1024 (ulimit -n), IDLE idle TCP
# connections plus SLOW slowloris TLS connections from ten addresses held
# open and reopened, while a real agent enrolls and submits and /healthz is
# timed over fresh TLS connections; printed side by side with /healthz on
# the quiet server. With SURVEYOR_BASELINE_SERVER=/path/to/an/older
# surveyor-server the same flood runs against it first. Measures; never
# fails on a slow machine.
#   tests/bench/flood_bench.sh [IDLE=1500] [SLOW=1500]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
idle=${1:-1500} slow=${2:-1500}
build="$here/build"
cmake --build "$build" --target surveyor-server-flood >/dev/null  # not in the default build
work=$(mktemp -d /tmp/surveyor-flood.XXXXXX)
pid=""
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
"$here/install/make-cert.sh" "$work/tls" >/dev/null
ulimit -n 20000 2>/dev/null || true  # the flood tool's own descriptors

bench() {
  local bin=$1 label=$2 dir="$work/$2"
  mkdir -p "$dir/agent"
  local secret
  secret=$("$bin" tenant add flood --data-dir "$dir/data" | sed -n 's/.*: //p')
  cp -r "$here/tests/fixtures/roots/debian-desktop" "$dir/agent/root"
  echo "$secret" >"$dir/agent/secret"
  chmod 600 "$dir/agent/secret"
  # The usual soft and hard limit: what ~1,010 idle connections exhausted.
  (ulimit -n 1024 && exec "$bin" serve --data-dir "$dir/data" \
    --cert "$work/tls/server.crt" --key "$work/tls/server.key" \
    --listen 127.0.0.1:0 --port-file "$dir/port" --metrics-listen off) \
    >"$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 200); do [ -s "$dir/port" ] && break; sleep 0.05; done
  local port
  port=$(cat "$dir/port")
  cat >"$dir/agent/agent.textproto" <<CONF
server { url: "https://localhost:$port" ca_file: "$work/tls/server.crt"
         enroll_secret_file: "$dir/agent/secret"
         connect_timeout_seconds: 5 request_timeout_seconds: 30 }
state_dir: "$dir/agent/state"
root: "$dir/agent/root"
CONF
  echo "== $label: $idle idle + $slow slowloris connections, server ulimit -n 1024"
  "$build/tests/bench/surveyor-server-flood" --port "$port" \
    --ca "$work/tls/server.crt" --idle "$idle" --slowloris "$slow" \
    --sources 10 --requests 300 \
    --run "timeout 120 $build/agent/surveyor-agent run --once --config $dir/agent/agent.textproto >$dir/agent.log 2>&1"
  echo "agent log:"
  sed 's/^/  /' "$dir/agent.log" | tail -4
  echo "hosts the server stored (last seen = its snapshot arrived):"
  "$bin" host list --tenant flood --data-dir "$dir/data" | sed 's/^/  /'
  echo "server log lines about connections:"
  grep -E "connection|accept" "$dir/server.log" | sed 's/^/  /' | head -8 || true
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=""
}

if [ -n "${SURVEYOR_BASELINE_SERVER:-}" ]; then
  bench "$SURVEYOR_BASELINE_SERVER" baseline
fi
bench "$build/service/surveyor-server" current
