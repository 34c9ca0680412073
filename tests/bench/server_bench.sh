#!/usr/bin/env bash
# Benchmark of surveyor-server on loopback (TLS, embedded SQLite): enrolls
# HOSTS simulated hosts, submits this machine's real inventory for FULL of
# them (zstd-compressed, as the agent sends it), then one-package-upgrade
# deltas; then measures /healthz latency while snapshots of the largest
# allowed size (8 MB) are ingested and /changes?since=0 runs over the whole
# tenant. Prints throughput and latency (surveyor-server-load), the average
# full-snapshot body, the server's peak RSS, database bytes per host, and an
# idle agent daemon's RSS and CPU use between runs. Measures; never fails on
# a slow machine.
#
# With SURVEYOR_BASELINE_SERVER=/path/to/an/older/surveyor-server the same
# load (uncompressed, which older servers take) runs against it too, and the
# ratios are printed side by side.
#   tests/bench/server_bench.sh [HOSTS=10000] [FULL=2000] [ROUNDS=5]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
hosts=${1:-10000} full=${2:-2000} rounds=${3:-5}
build="$here/build"
work=$(mktemp -d /tmp/surveyor-bench.XXXXXX)
trap 'kill $server_pid $agent_pid 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
server_pid="" agent_pid=""

"$here/install/make-cert.sh" "$work/tls" >/dev/null
"$build/agent/surveyor-agent" collect --only software --format proto -o "$work/inventory.pb" || true

# bench_server BINARY LABEL COMPRESS: the whole load against one server.
bench_server() {
  local bin=$1 label=$2 compress=$3
  local dir="$work/$label"
  mkdir -p "$dir"
  export SURVEYOR_DATA_DIR="$dir/data"
  local secret token
  secret=$("$bin" tenant add bench | sed -n 's/.*: //p')
  token=$("$bin" token add --tenant bench | sed -n 's/.*: //p')
  "$bin" serve --cert "$work/tls/server.crt" --key "$work/tls/server.key" \
    --listen 127.0.0.1:0 --port-file "$dir/port" >"$dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 100); do [ -s "$dir/port" ] && break; sleep 0.05; done
  echo "== $label ($bin)"
  "$build/tests/bench/surveyor-server-load" --port "$(cat "$dir/port")" \
    --ca "$work/tls/server.crt" --secret "$secret" --inventory "$work/inventory.pb" \
    --hosts "$hosts" --full-hosts "$full" --delta-rounds "$rounds" --connections 8 \
    --compress "$compress" --token "$token" --tenant bench | tee "$dir/load.txt"
  local hwm rss db
  hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  db=$(du -cb "$dir/data"/surveyor.db* | tail -1 | cut -f1)
  echo "server peak RSS $((hwm / 1024)) MiB (now $((rss / 1024)) MiB) with $hosts enrolled hosts"
  echo "database $((db / 1024 / 1024)) MiB = $((db / full)) bytes per host with a full inventory"
  port=$(cat "$dir/port")
  secret_for_agent=$secret
}

# field FILE PHASE COLUMN-AFTER: a number from the load tool's output.
field() { grep "^$2" "$1" | sed -n "s/.*$3 *\([0-9.]*\).*/\1/p" | head -1; }

if [ -n "${SURVEYOR_BASELINE_SERVER:-}" ]; then
  bench_server "$SURVEYOR_BASELINE_SERVER" baseline 0
fi
bench_server "$build/service/surveyor-server" current 1
if [ -n "${SURVEYOR_BASELINE_SERVER:-}" ]; then
  b="$work/baseline/load.txt" c="$work/current/load.txt"
  echo "== side by side (baseline / current)"
  for what in "/healthz under load:p50" "/healthz under load:p99" "/healthz under load:max" \
              "full snapshots:avg body" "full snapshots:p99" "delta snapshots:p99"; do
    phase=${what%%:*} col=${what#*:}
    bv=$(field "$b" "$phase" "$col") cv=$(field "$c" "$phase" "$col")
    awk -v w="$phase $col" -v b="$bv" -v c="$cv" \
      'BEGIN { printf "%-28s %10.2f -> %10.2f  (%.1fx)\n", w, b, c, (c > 0 ? b / c : 0) }'
  done
fi

# Idle agent: one cycle, then measure resident memory and CPU over 10 s.
export SURVEYOR_DATA_DIR="$work/current/data"
"$build/service/surveyor-server" serve --cert "$work/tls/server.crt" \
  --key "$work/tls/server.key" --listen "127.0.0.1:$port" >>"$work/current/server.log" 2>&1 &
server_pid=$!
sleep 0.3
secret=$("$build/service/surveyor-server" tenant rotate-secret bench | sed -n 's/.*: //p')
echo "$secret" >"$work/secret"
cat >"$work/agent.textproto" <<CONF
server { url: "https://localhost:$port" ca_file: "$work/tls/server.crt" enroll_secret_file: "$work/secret" }
state_dir: "$work/agent-state"
default_interval_seconds: 20
CONF
"$build/agent/surveyor-agent" run --config "$work/agent.textproto" >"$work/agent.log" 2>&1 &
agent_pid=$!
for _ in $(seq 100); do
  grep -q "Last send      2" <("$build/agent/surveyor-agent" status --config "$work/agent.textproto" 2>/dev/null) && break
  sleep 0.1
done
sleep 1
if ! kill -0 "$agent_pid" 2>/dev/null; then
  echo "agent exited early:"; cat "$work/agent.log"; exit 1
fi
ticks() { awk '{print $14 + $15}' "/proc/$agent_pid/stat"; }
t0=$(ticks); sleep 10; t1=$(ticks)
arss=$(awk '/VmRSS/ {print $2}' "/proc/$agent_pid/status")
echo "idle agent: RSS $((arss / 1024)).$(( (arss % 1024) * 10 / 1024 )) MiB, CPU $((t1 - t0)) ticks in 10 s between runs"
start=$(date +%s%N); kill -TERM "$agent_pid"; wait "$agent_pid" 2>/dev/null || true; agent_pid=""
echo "agent stopped $(( ($(date +%s%N) - start) / 1000000 )) ms after SIGTERM"
