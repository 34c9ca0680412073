#!/usr/bin/env bash
# Benchmark of surveyor-server on loopback (TLS), on both store backends in
# one run: enrolls HOSTS simulated hosts, submits this machine's real
# inventory for FULL of them (zstd-compressed, as the agent sends it), then
# one-package-upgrade deltas, at 8 connections; then measures /healthz
# latency while snapshots of the largest allowed size (8 MB) are ingested and
# /changes?since=0 runs over the whole tenant. Runs that load against
#   1. the embedded SQLite store,
#   2. PostgreSQL with one server,
#   3. PostgreSQL with two servers sharing the database (connections
#      alternate between them; two write workers each, four in all as in 2),
# and prints them side by side: enrolls/s, full and delta snapshots/s with
# p50/p99, database bytes per host, server peak RSS. Then
#   4. one server against two again (smaller load), each server in a CPU
#      cgroup of its own allowed SURVEYOR_BENCH_SERVER_CORES cores (default
#      0.25), SURVEYOR_BENCH_CAPPED_REPEAT pairs (default 3): servers, not
#      the machine, are the limit, as when each has a machine of its own.
#      Skipped, saying so, where no CPU cgroup can be made (not root).
# Then an idle agent daemon's RSS and CPU use between runs. Measures; never
# fails on a slow machine.
#
# PostgreSQL: throwaway PostgreSQL 15 clusters on this machine with the
# default durability (fsync and synchronous_commit on), started by
# tests/pg_cluster.sh, a fresh one for every run; or give two empty
# databases of your own with SURVEYOR_BENCH_PG_URL and SURVEYOR_BENCH_PG_URL2
# (one- and two-server runs, once each).
#
# One server and two are compared on a machine whose run-to-run spread
# (±20 %) is larger than the difference sought: with its own clusters the
# bench runs each SURVEYOR_BENCH_REPEAT times (default 5), alternating which
# goes first, and the PostgreSQL columns are the medians, each run's rates
# listed below them. The two-server/one-server ratio is taken per pair of
# neighbouring runs, and printed with its geometric mean and a 95 % interval.
#
# With SURVEYOR_BASELINE_SERVER=/path/to/an/older/surveyor-server the same
# load (uncompressed, which older servers take) runs against it too on
# SQLite, and the ratios are printed side by side.
#   tests/bench/server_bench.sh [HOSTS=10000] [FULL=2000] [ROUNDS=5]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
hosts=${1:-10000} full=${2:-2000} rounds=${3:-5}
build="$here/build"
cmake --build "$build" --target surveyor-server-load >/dev/null  # not in the default build
work=$(mktemp -d /tmp/surveyor-bench.XXXXXX)
chmod 755 "$work"
server_pids=() agent_pid="" cluster="" cgroups=() server_cores="" load_extra=()
cleanup() {
  kill "${server_pids[@]}" $agent_pid 2>/dev/null || true
  wait "${server_pids[@]}" 2>/dev/null || true
  for cg in "${cgroups[@]}"; do rmdir "$cg" 2>/dev/null || true; done
  [ -n "$cluster" ] && "$here/tests/pg_cluster.sh" stop "$cluster" 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

"$here/install/make-cert.sh" "$work/tls" >/dev/null
"$build/agent/surveyor-agent" collect --only software --format proto -o "$work/inventory.pb" || true

pg_url=${SURVEYOR_BENCH_PG_URL:-} pg_url2=${SURVEYOR_BENCH_PG_URL2:-}
repeat=${SURVEYOR_BENCH_REPEAT:-5}
[ -n "$pg_url" ] && repeat=1

# cpu_cgroup NAME CORES: makes a CPU cgroup of its own allowed CORES (0.25:
# a quarter of one core) and sets cg to its directory; leaves cg empty where
# no CPU controller is writable (cgroup v2 with cpu enabled, or v1's cpu).
cpu_cgroup() {
  local dir quota
  cg=""
  quota=$(awk -v c="$2" 'BEGIN { printf "%d", c * 10000 }')
  if grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null; then
    dir=/sys/fs/cgroup/$1
    mkdir "$dir" 2>/dev/null || return 0
    cgroups+=("$dir")
    echo "$quota 10000" >"$dir/cpu.max" 2>/dev/null || return 0
  elif [ -w /sys/fs/cgroup/cpu ]; then
    dir=/sys/fs/cgroup/cpu/$1
    mkdir "$dir" 2>/dev/null || return 0
    cgroups+=("$dir")
    { echo 10000 >"$dir/cpu.cfs_period_us" && echo "$quota" >"$dir/cpu.cfs_quota_us"; } 2>/dev/null || return 0
  else
    return 0
  fi
  cg=$dir
}

# start_server BINARY DIR STORE [EXTRA...]: one server in the background; in
# a CPU cgroup of its own allowed $server_cores cores when that is set.
start_server() {
  local bin=$1 dir=$2 store=$3 n=${#server_pids[@]} cg=""
  shift 3
  rm -f "$dir/port$n"
  if [ -n "$server_cores" ]; then
    cpu_cgroup "surveyor-bench.$$.${dir##*/}.$n" "$server_cores"
    [ -n "$cg" ] || { echo "cannot make a CPU cgroup for a server" >&2; exit 1; }
  fi
  # The shell joins the cgroup before it becomes the server, so every
  # thread the server starts is inside it.
  sh -c '[ -z "$1" ] || echo $$ >"$1/cgroup.procs"; shift; exec "$@"' sh "$cg" \
    "$bin" serve --cert "$work/tls/server.crt" --key "$work/tls/server.key" \
    --listen 127.0.0.1:0 --port-file "$dir/port$n" --store "$store" "$@" \
    >"$dir/server$n.log" 2>&1 &
  server_pids+=($!)
  for _ in $(seq 200); do [ -s "$dir/port$n" ] && break; sleep 0.05; done
}

# bench_server BINARY LABEL RUN COMPRESS STORE SERVERS: the whole load;
# its figures go to $work/LABEL.RUN.
bench_server() {
  local bin=$1 label=$2 run=$3 compress=$4 store=$5 servers=$6
  local dir="$work/$label.$run"
  mkdir -p "$dir"
  local secret token extra=()
  secret=$("$bin" tenant add bench --store "$store" | sed -n 's/.*: //p')
  token=$("$bin" token add --tenant bench --store "$store" | sed -n 's/.*: //p')
  # Four write transactions at a time against PostgreSQL in all, however
  # many servers share it: two servers are compared with one at the same
  # database concurrency, not with twice as many writers on 2 cores.
  case "$store" in postgres*) extra=(--write-workers $((4 / servers))) ;; esac
  server_pids=()
  for _ in $(seq "$servers"); do start_server "$bin" "$dir" "$store" "${extra[@]}"; done
  local ports=(--port "$(cat "$dir/port0")")
  [ "$servers" -gt 1 ] && ports+=(--port2 "$(cat "$dir/port1")")
  echo "== $label, run $run ($servers server(s), store ${store%%:*})"
  "$build/tests/bench/surveyor-server-load" "${ports[@]}" \
    --ca "$work/tls/server.crt" --secret "$secret" --inventory "$work/inventory.pb" \
    --hosts "$hosts" --full-hosts "$full" --delta-rounds "$rounds" --connections 8 \
    --compress "$compress" --token "$token" --tenant bench "${load_extra[@]}" |
    tee "$dir/load.txt"
  local hwm=0 h db ticks=0
  for pid in "${server_pids[@]}"; do
    h=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    [ "$h" -gt "$hwm" ] && hwm=$h
    # utime + stime (fields 14 and 15; the name in field 2 has no spaces)
    ticks=$((ticks + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  kill "${server_pids[@]}"; wait "${server_pids[@]}" 2>/dev/null || true; server_pids=()
  case "$store" in
    postgres*) db=$(psql -qtAX "$store" -c "SELECT pg_database_size(current_database())") ;;
    *) db=$(du -cb "${store#sqlite:}"/surveyor.db* | tail -1 | cut -f1) ;;
  esac
  echo "server peak RSS $((hwm / 1024)) MiB (largest of $servers) with $hosts enrolled hosts"
  awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" -v n="$servers" \
    'BEGIN { printf "server CPU %.1f s (user + system, %d server(s) together, start to end)\n", t / hz, n }' |
    tee "$dir/cpu.txt"
  echo "database $((db / 1024 / 1024)) MiB = $((db / full)) bytes per host with a full inventory"
  echo "$db" >"$dir/db_bytes"
  echo "$((hwm / 1024))" >"$dir/rss_mib"
}

# field FILE PHASE COLUMN-AFTER: a number from the load tool's output.
field() { grep "^$2" "$1" | sed -n "s/.*$3 *\([0-9.]*\).*/\1/p" | head -1; }
# rate FILE PHASE: requests per second.
rate() { grep "^$2" "$1" | sed -n 's/.* \([0-9.]*\)\/s .*/\1/p' | head -1; }

# bench_postgres LABEL RUN SERVERS: one PostgreSQL run, on a cluster of its
# own unless the databases were given.
bench_postgres() {
  local label=$1 run=$2 servers=$3 url
  if [ -n "$pg_url" ]; then
    url=$pg_url
    [ "$servers" -gt 1 ] && url=$pg_url2
  else
    cluster="$work/pg.$label.$run"
    url=$("$here/tests/pg_cluster.sh" start "$cluster")
  fi
  bench_server "$build/service/surveyor-server" "$label" "$run" 1 "$url" "$servers"
  if [ -z "$pg_url" ]; then
    "$here/tests/pg_cluster.sh" stop "$cluster"
    rm -rf "$cluster"
    cluster=""
  fi
}

if [ -n "${SURVEYOR_BASELINE_SERVER:-}" ]; then
  bench_server "$SURVEYOR_BASELINE_SERVER" baseline 1 0 "sqlite:$work/baseline.1/data" 1
fi
bench_server "$build/service/surveyor-server" sqlite 1 1 "sqlite:$work/sqlite.1/data" 1
# run_pairs ONE TWO RUNS: RUNS pairs of PostgreSQL runs, one server (label
# ONE) and two (label TWO), alternating which goes first: a drift of the
# machine over the runs falls on both alike.
run_pairs() {
  local run
  for run in $(seq "$3"); do
    if [ $((run % 2)) -eq 1 ]; then
      bench_postgres "$1" "$run" 1; bench_postgres "$2" "$run" 2
    else
      bench_postgres "$2" "$run" 2; bench_postgres "$1" "$run" 1
    fi
  done
}
run_pairs postgresql postgresql-2 "$repeat"

if [ -n "${SURVEYOR_BASELINE_SERVER:-}" ]; then
  b="$work/baseline.1/load.txt" c="$work/sqlite.1/load.txt"
  echo "== side by side (baseline / current, SQLite)"
  for what in "/healthz under load:p50" "/healthz under load:p99" "/healthz under load:max" \
              "full snapshots:avg body" "full snapshots:p99" "delta snapshots:p99"; do
    phase=${what%%:*} col=${what#*:}
    bv=$(field "$b" "$phase" "$col") cv=$(field "$c" "$phase" "$col")
    awk -v w="$phase $col" -v b="$bv" -v c="$cv" \
      'BEGIN { printf "%-28s %10.2f -> %10.2f  (%.1fx)\n", w, b, c, (c > 0 ? b / c : 0) }'
  done
fi

# median LABEL FUNCTION PHASE [COLUMN]: the median of a figure over the
# label's runs (the mean of the middle two for an even count).
median() {
  local label=$1 fn=$2 phase=$3 col=${4:-} f
  for f in "$work/$label".*/load.txt; do "$fn" "$f" "$phase" "$col"; done |
    sort -g | awk -v fmt="$([ "$fn" = value ] && echo %d || echo %.1f)" '{ v[NR] = $1 } END {
      if (NR == 0) exit
      m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf fmt "\n", m }'
}
# value FILE: a number kept in a run's directory (bytes, MiB).
value() { cat "$(dirname "$1")/$2"; }
labels=(sqlite postgresql postgresql-2)
echo "== side by side: SQLite | PostgreSQL, 1 server | PostgreSQL, 2 servers (8 connections)"
[ "$repeat" -gt 1 ] && echo "   (PostgreSQL: medians of $repeat runs each, in alternating order)"
printf '%-24s %12s %12s %12s\n' "" "${labels[@]}"
# row NAME FUNCTION PHASE [COLUMN]
row() {
  local name=$1 fn=$2 phase=$3 col=${4:-}
  printf '%-24s' "$name"
  for label in "${labels[@]}"; do printf ' %12s' "$(median "$label" "$fn" "$phase" "$col")"; done
  printf '\n'
}
row "enrolls/s" rate enroll
row "full snapshots/s" rate "full snapshots"
row "full p50 ms" field "full snapshots" p50
row "full p99 ms" field "full snapshots" p99
row "delta snapshots/s" rate "delta snapshots"
row "delta p50 ms" field "delta snapshots" p50
row "delta p99 ms" field "delta snapshots" p99
row "/healthz p99 ms" field "/healthz under load" p99
printf '%-24s' "database bytes/host"
for label in "${labels[@]}"; do printf ' %12s' "$(( $(median "$label" value db_bytes) / full ))"; done
printf '\n%-24s' "server peak RSS MiB"
for label in "${labels[@]}"; do printf ' %12s' "$(median "$label" value rss_mib)"; done
printf '\n'
# list_runs LABEL RUNS: each run's full and delta snapshots/s and the
# servers' CPU seconds, in run order.
list_runs() {
  local what run
  printf '%-13s runs:' "$1"
  for what in "full snapshots" "delta snapshots"; do
    printf ' %s/s' "${what%% *}"
    for run in $(seq "$2"); do printf ' %s' "$(rate "$work/$1.$run/load.txt" "$what")"; done
    printf ','
  done
  printf ' server CPU s'
  for run in $(seq "$2"); do printf ' %s' "$(awk '{ print $3 }' "$work/$1.$run/cpu.txt")"; done
  printf '\n'
}
list_runs postgresql "$repeat"
list_runs postgresql-2 "$repeat"
# paired_ratios ONE TWO RUNS PHASE: run N of label TWO over run N of label
# ONE, for N in 1..RUNS. The two runs of a pair are neighbours in time, so a
# slow drift of the machine falls on both.
paired_ratios() {
  local run a b
  for run in $(seq "$3"); do
    a=$(rate "$work/$1.$run/load.txt" "$4")
    b=$(rate "$work/$2.$run/load.txt" "$4")
    awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0 && b > 0) printf "%.3f\n", b / a }'
  done
}
# ratio_summary ONE TWO RUNS PHASE: the paired ratios, their geometric mean
# and a 95 % interval for it (Student's t on the logarithms; none for a
# single pair): the interval's width is what this machine can resolve.
ratio_summary() {
  paired_ratios "$@" | awk -v what="$4" '
    { r[NR] = $1; l = log($1); s += l; ss += l * l }
    END {
      if (NR == 0) exit
      printf "  %-16s", what ":"
      for (i = 1; i <= NR; ++i) printf " %.2f", r[i]
      m = s / NR
      printf "  geometric mean %.2fx", exp(m)
      if (NR > 1) {
        split("12.71 4.30 3.18 2.78 2.57 2.45 2.36 2.31 2.26", t, " ")
        q = (NR - 1 <= 9) ? t[NR - 1] : 2.2
        sd = sqrt((ss - NR * m * m) / (NR - 1))
        h = q * sd / sqrt(NR)
        printf " (95 %% interval %.2f-%.2fx)", exp(m - h), exp(m + h)
      }
      printf "\n"
    }'
}
echo "two servers / one server, run by run:"
ratio_summary postgresql postgresql-2 "$repeat" "full snapshots"
ratio_summary postgresql postgresql-2 "$repeat" "delta snapshots"

# The same comparison where servers, not the machine, are the limit: each
# server in a CPU cgroup of its own allowed SURVEYOR_BENCH_SERVER_CORES cores
# (default 0.25), as when every server has a machine of its own; one server
# against two, smaller load, no latency phase. Shows whether the servers
# share anything that serialises them: with nothing shared two servers take
# twice what one does, as long as PostgreSQL has CPU to spare.
bench_capped() {
  local server_cores=${SURVEYOR_BENCH_SERVER_CORES:-0.25} runs=${SURVEYOR_BENCH_CAPPED_REPEAT:-3}
  local full=$(( full < 500 ? full : 500 )) rounds=2 load_extra=(--large-posts 0)
  local hosts=$full
  local cg
  cpu_cgroup "surveyor-bench.$$.probe" "$server_cores"
  if [ -z "$cg" ]; then
    echo "== servers with $server_cores cores each: skipped, no writable CPU cgroup here"
    return 0
  fi
  run_pairs capped capped-2 "$runs"
  echo "== servers with $server_cores cores each (cgroup), two servers / one server, run by run:"
  list_runs capped "$runs"
  list_runs capped-2 "$runs"
  ratio_summary capped capped-2 "$runs" "full snapshots"
  ratio_summary capped capped-2 "$runs" "delta snapshots"
}
[ -z "$pg_url" ] && bench_capped

# Idle agent: one cycle, then measure resident memory and CPU over 10 s.
export SURVEYOR_DATA_DIR="$work/sqlite.1/data"
server_pids=()
start_server "$build/service/surveyor-server" "$work/sqlite.1" "sqlite:$work/sqlite.1/data"
port=$(cat "$work/sqlite.1/port0")
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
