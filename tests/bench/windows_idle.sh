#!/usr/bin/env bash
# The idle Windows daemon under Wine: `surveyor-agent.exe run` in the
# foreground (the service's own loop), measured between two cycles, beside
# the floor: an idle Wine console program (ping waiting). Resident and
# anonymous memory from /proc (Wine's process is a Linux process; anonymous
# memory is what Windows counts as private bytes, plus Wine's own), and CPU
# ticks over 10 idle seconds. The server is unreachable on purpose: the
# outbox keeps the snapshot and the daemon idles until its retry. Needs
# install/build-windows.sh first. Wine's figures, not Windows'.
#   tests/bench/windows_idle.sh
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build="$here/build-windows"
agent="$build/agent/surveyor-agent.exe"
[ -f "$agent" ] || { echo "no $agent: run install/build-windows.sh" >&2; exit 1; }
export WINEPREFIX="$build/wineprefix"
run() { "$here/install/windows/wine-run.sh" "$WINEPREFIX" "$@"; }
work=$(mktemp -d /tmp/surveyor-win-idle.XXXXXX)
pids=()
# The Wine processes themselves, not only their wine-run.sh wrappers: the
# daemon would otherwise outlive the bench.
daemon="" floor=""
trap 'kill "${pids[@]}" $daemon $floor 2>/dev/null || true; rm -rf "$work"' EXIT
winpath() { local p="Z:${1//\//\\}"; echo "${p//\\/\\\\}"; }
echo secret >"$work/secret"
cat >"$work/agent.textproto" <<CONF
server { url: "https://127.0.0.1:9" enroll_secret_file: "$(winpath "$work/secret")" connect_timeout_seconds: 1 }
state_dir: "$(winpath "$work/state")"
default_interval_seconds: 40
CONF
run cmd /c exit >/dev/null 2>&1   # wineserver up before timing anything

# pid_of PATTERN: the Linux pid of the Wine process whose command line has it.
pid_of() {
  local pid
  for _ in $(seq 100); do
    pid=$(pgrep -f -- "$1" | head -1 || true)
    [ -n "$pid" ] && { echo "$pid"; return; }
    sleep 0.1
  done
  echo "no process matching $1" >&2; exit 1
}
kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

run "$agent" run --config "$(winpath "$work/agent.textproto" | sed 's/\\\\/\\/g')" \
  >"$work/agent.log" 2>&1 &
pids+=($!)
daemon=$(pid_of 'surveyor-agent.exe run --config')
run ping -n 120 127.0.0.1 >/dev/null 2>&1 &
pids+=($!)
floor=$(pid_of 'ping -n 120 127.0.0.1')

# The first cycle runs within 4 s (10% of the interval); wait for its
# worker to have come and gone, then 10 s of idling.
for _ in $(seq 150); do
  [ -s "$work/state/agent.db" ] && ! pgrep -f -- '--worker' >/dev/null && break
  sleep 0.1
done
sleep 1
t0=$(ticks "$daemon")
sleep 10
t1=$(ticks "$daemon")
printf '%-34s %10s %12s %14s\n' "idle, between cycles" "RSS" "anonymous" "CPU ticks/10s"
printf '%-34s %7s KiB %9s KiB %14s\n' "surveyor-agent.exe run (daemon)" \
  "$(kb "$daemon" VmRSS)" "$(kb "$daemon" RssAnon)" "$((t1 - t0))"
printf '%-34s %7s KiB %9s KiB %14s\n' "ping waiting (Wine's floor)" \
  "$(kb "$floor" VmRSS)" "$(kb "$floor" RssAnon)" "-"
awk -v a="$(kb "$daemon" RssAnon)" -v f="$(kb "$floor" RssAnon)" \
    -v r="$(kb "$daemon" VmRSS)" -v g="$(kb "$floor" VmRSS)" 'BEGIN {
  printf "above the floor: %.1f MiB resident, %.1f MiB anonymous (target: 10 MiB private bytes)\n",
         (r - g) / 1024, (a - f) / 1024 }'
grep -q 'queued\|collect' "$work/agent.log" 2>/dev/null || true
