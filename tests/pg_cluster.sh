#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster in a directory, for tests and benchmarks:
# initdb + pg_ctl from Debian's postgresql-15, run as the unprivileged
# `postgres` user when called as root, listening on a unix socket inside the
# directory only (no TCP port, nothing shared with other runs).
#
#   tests/pg_cluster.sh start DIR [postgres -c options...]   prints the URL
#   tests/pg_cluster.sh stop DIR        fast shutdown
#   tests/pg_cluster.sh crash DIR       immediate shutdown (like a power cut
#                                       of the server process: crash recovery
#                                       on the next start)
#   tests/pg_cluster.sh restart DIR     start again after stop/crash
#   tests/pg_cluster.sh createdb DIR NAME
# The URL is postgresql://surveyor@/surveyor?host=DIR (superuser surveyor,
# trust authentication on the socket).
set -euo pipefail

bin=${SURVEYOR_PG_BIN:-/usr/lib/postgresql/15/bin}
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  sed -n '2,14p' "$0" >&2
  exit 2
fi
if [ ! -x "$bin/initdb" ]; then
  echo "pg_cluster.sh: $bin/initdb not found: install postgresql-15 (install/setup.sh does)" >&2
  exit 3
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then as_owner=(runuser -u postgres --); fi

ctl() { "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 "$@" >/dev/null; }

case "$cmd" in
  start)
    shift 2
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$dir"; fi
    "${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U surveyor --auth=trust \
      -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=200"
    for o in "$@"; do opts="$opts -c $o"; done
    echo "$opts" >"$dir/options"
    ctl -o "$opts" start || { cat "$dir/log" >&2; exit 1; }
    "${as_owner[@]}" "$bin/createdb" -h "$dir" -U surveyor surveyor
    echo "postgresql://surveyor@/surveyor?host=$dir"
    ;;
  restart)
    ctl -o "$(cat "$dir/options")" start || { tail -20 "$dir/log" >&2; exit 1; }
    ;;
  stop) ctl -m fast stop ;;
  crash) ctl -m immediate stop ;;
  createdb) "${as_owner[@]}" "$bin/createdb" -h "$dir" -U surveyor "$3" ;;
  *) echo "pg_cluster.sh: unknown command '$cmd'" >&2; exit 2 ;;
esac
