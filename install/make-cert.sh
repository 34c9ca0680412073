#!/usr/bin/env bash
# Makes a self-signed TLS certificate and key for a first run of
# surveyor-server (replace with one from your CA for production).
#   install/make-cert.sh [--force] DIR [HOSTNAME]
# Writes DIR/server.crt and DIR/server.key (0600). Agents trust it with
# `ca_file: "DIR/server.crt"` in their configuration. An existing key is
# kept (agents pinned to its certificate would stop trusting the server)
# unless --force is given.
set -euo pipefail
force=0
if [ "${1:-}" = "--force" ]; then force=1; shift; fi
dir=${1:?usage: make-cert.sh [--force] DIR [HOSTNAME]}
name=${2:-localhost}
if [ "$force" -eq 0 ] && [ -e "$dir/server.key" ]; then
  echo "make-cert.sh: $dir/server.key exists; agents trust its certificate." >&2
  echo "  Keep it, or pass --force to replace it (agents then need the new" >&2
  echo "  $dir/server.crt)." >&2
  exit 1
fi
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$dir/server.key" -out "$dir/server.crt" -days 825 \
  -subj "/CN=$name" \
  -addext "subjectAltName=DNS:$name,DNS:localhost,IP:127.0.0.1" 2>/dev/null
chmod 0644 "$dir/server.crt"
echo "wrote $dir/server.crt and $dir/server.key for $name"
