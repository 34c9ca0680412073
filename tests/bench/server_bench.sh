#!/usr/bin/env bash
# Benchmark of surveyor-server on loopback (TLS, embedded SQLite): enrolls
# HOSTS simulated hosts, submits this machine's real inventory for FULL of
# them, then one-package-upgrade deltas; prints throughput and latency
# (surveyor-server-load), the server's peak RSS, database bytes per host, and
# an idle agent daemon's RSS and CPU use between runs. Measures; never fails
# on a slow machine.
#   tests/bench/server_bench.sh [HOSTS=10000] [FULL=2000] [ROUNDS=5]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
hosts=${1:-10000} full=${2:-2000} rounds=${3:-5}
build="$here/build"
work=$(mktemp -d /tmp/surveyor-bench.XXXXXX)
trap 'kill $server_pid $agent_pid 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
server_pid="" agent_pid=""

"$here/install/make-cert.sh" "$work/tls" >/dev/null
export SURVEYOR_DATA_DIR="$work/data"
secret=$("$build/service/surveyor-server" tenant add bench | sed -n 's/.*: //p')
"$build/service/surveyor-server" serve --cert "$work/tls/server.crt" \
  --key "$work/tls/server.key" --listen 127.0.0.1:0 --port-file "$work/port" \
  >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/port" ] && break; sleep 0.05; done
port=$(cat "$work/port")
"$build/agent/surveyor-agent" collect --only software --format proto -o "$work/inventory.pb" || true

"$build/tests/bench/surveyor-server-load" --port "$port" --ca "$work/tls/server.crt" \
  --secret "$secret" --inventory "$work/inventory.pb" --hosts "$hosts" \
  --full-hosts "$full" --delta-rounds "$rounds" --connections 8

hwm=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status")
rss=$(awk '/VmRSS/ {print $2}' "/proc/$server_pid/status")
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
db=$(du -cb "$work/data"/surveyor.db* | tail -1 | cut -f1)
echo "server peak RSS $((hwm / 1024)) MiB (now $((rss / 1024)) MiB) with $hosts enrolled hosts"
echo "database $((db / 1024 / 1024)) MiB = $((db / full)) bytes per host with a full inventory"

# Idle agent: one cycle, then measure resident memory and CPU over 10 s.
"$build/service/surveyor-server" serve --cert "$work/tls/server.crt" \
  --key "$work/tls/server.key" --listen "127.0.0.1:$port" >>"$work/server.log" 2>&1 &
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
