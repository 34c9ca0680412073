#!/usr/bin/env bash
# Benchmark of compliance evidence (not a timed test): a SQLite store with a
# tenant of HOSTS hosts and DAYS days of daily evidence record (a control
# state change and a report day per host and day, the worst case), then
# `evidence export` of the whole period with SAMPLES sampled days, under GNU
# time: wall time, peak RSS, bundle size; `evidence verify` of the bundle;
# and the storage the daily record costs per host per year, measured with
# SQLite's dbstat (bytes of the evidence tables and their indexes).
#   tests/bench/evidence_bench.sh [HOSTS=10000] [DAYS=365] [SAMPLES=12]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
hosts=${1:-10000} days=${2:-365} samples=${3:-12}
build="$here/build"
cmake --build "$build" --target surveyor-evidence-fill >/dev/null  # not in the default build
server="$build/service/surveyor-server"
work=$(mktemp -d /tmp/surveyor-evidence-bench.XXXXXX)
cleanup() { [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

echo "== filling: $hosts hosts, $days days of daily record"
start=$(date +%s)
"$build/tests/bench/surveyor-evidence-fill" --hosts "$hosts" --days "$days" \
  --dir "$work/data"
echo "   (took $(( $(date +%s) - start )) s)"
python3 - "$work/data/surveyor.db" "$hosts" "$days" <<'PY'
import sqlite3, sys
db, hosts, days = sqlite3.connect(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
sizes = dict(db.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"))
ev = sum(v for k, v in sizes.items() if k in ("control_states", "report_days"))
rows = db.execute("SELECT (SELECT COUNT(*) FROM control_states), (SELECT COUNT(*) FROM report_days)").fetchone()
per_year = ev / hosts * 365 / days
print(f"   evidence tables: {ev:,} bytes for {rows[0]:,} control states and {rows[1]:,} report days")
print(f"   storage per host per year: {per_year / 1024:.1f} KiB ({ev / (rows[0] + rows[1]):.0f} bytes per row)")
PY

to=$(date -u -d yesterday +%F)
from=$(date -u -d "$days days ago" +%F)
echo "== evidence export: cis-v8, $from to $to, $samples sampled days"
/usr/bin/time -f "%e %M" -o "$work/time.export" \
  "$server" evidence export --data-dir "$work/data" --tenant bench \
  --framework cis-v8 --from "$from" --to "$to" --sample-days "$samples" \
  -o "$work/bundle.zip" >"$work/export.out" 2>"$work/export.err"
read -r secs kb <"$work/time.export"
awk -v s="$secs" -v kb="$kb" -v b="$(stat -c %s "$work/bundle.zip")" \
  'BEGIN { printf "   wall %.2f s, peak RSS %.1f MB, bundle %d bytes\n", s, kb / 1024, b }'
unzip -l "$work/bundle.zip" | sed -n '4,12p' | sed 's/^/   /'
/usr/bin/time -f "%e %M" -o "$work/time.verify" \
  "$server" evidence verify "$work/bundle.zip" >/dev/null
read -r vsecs vkb <"$work/time.verify"
awk -v s="$vsecs" -v kb="$vkb" \
  'BEGIN { printf "== evidence verify: %.2f s, peak RSS %.1f MB\n", s, kb / 1024 }'
