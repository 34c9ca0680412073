#!/usr/bin/env bash
# The Windows collection (host from the registry and WMI, software from the
# Uninstall keys) under Wine on N registry entries, beside the floor: Windows'
# own reg.exe listing the same keys. Each is a fresh process, as the agent's
# per-cycle child is; medians of RUNS: the probes alone (the bench program,
# which also prints its in-process times) and surveyor-agent.exe's
# `collect --only host,software` whole (options, collectors, snapshot,
# protobuf out). Needs install/build-windows.sh first.
#   tests/bench/windows_collect.sh [ENTRIES=300] [RUNS=9]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
entries=${1:-300}
runs=${2:-9}
build="$here/build-windows"
cmake --build "$build" --target surveyor-windows-collect-bench >/dev/null  # not in the default build
bench="$build/tests/bench/surveyor-windows-collect-bench.exe"
agent="$build/agent/surveyor-agent.exe"
for f in "$bench" "$agent"; do
  [ -f "$f" ] || { echo "no $f: run install/build-windows.sh" >&2; exit 1; }
done
export WINEPREFIX="$build/wineprefix"
run() { "$here/install/windows/wine-run.sh" "$WINEPREFIX" "$@"; }
trap 'run "$bench" --cleanup >/dev/null 2>&1 || true; wineserver -k 2>/dev/null || true' EXIT
run cmd /c exit >/dev/null 2>&1
run "$bench" --cleanup
run "$bench" --setup "$entries"
key='HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall'

median_ms() {  # command...
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}

echo "$entries Uninstall entries, $runs runs each, medians (wall, a fresh Wine process each):"
echo "  $(run "$bench" --collect)"
ours=$(median_ms run "$bench" --collect)
whole=$(median_ms run "$agent" collect --only host,software --format proto -o NUL)
floor=$(median_ms run reg.exe query "$key" /s)
empty=$(median_ms run cmd /c exit)
echo "  surveyor host + software (probes): ${ours} ms"
echo "  surveyor-agent.exe collect --only host,software: ${whole} ms"
echo "  reg.exe query /s (floor): ${floor} ms"
echo "  an empty process (cmd /c exit): ${empty} ms"
awk -v a="$ours" -v w="$whole" -v b="$floor" -v e="$empty" 'BEGIN {
  printf "  ratio probes / reg.exe: %.2fx; agent / reg.exe: %.2fx\n", a / b, w / b
  printf "  above an empty process: probes %d ms, agent %d ms, reg.exe %d ms\n",
         a - e, w - e, b - e }'
