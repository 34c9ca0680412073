#!/usr/bin/env bash
# Installs every build and test dependency of Surveyor from Debian 12 packages, then
# configures and builds into build/. Idempotent; run as root (or with sudo available).
#
#   install/setup.sh            dependencies + build
#   install/setup.sh --deps     dependencies only
#   install/setup.sh --no-test-deps   skip the test-only tools (rpm, clang-16, ...)
# Environment: CI=true builds with warnings as errors; SURVEYOR_CMAKE_ARGS is
# passed to cmake.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
deps_only=0
test_deps=1
for arg in "$@"; do
  case "$arg" in
    --deps) deps_only=1 ;;
    --no-test-deps) test_deps=0 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$arg' (see --help)" >&2; exit 2 ;;
  esac
done

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

# lld-16 links the agent with its hot code together and packed relocations
# (agent/CMakeLists.txt).
build_pkgs=(
  build-essential cmake ninja-build pkg-config git
  libboost1.81-dev libboost-json1.81-dev libboost-system1.81-dev
  libboost-program-options1.81-dev libzstd-dev zlib1g-dev
  libcurl4-openssl-dev libsqlite3-dev libssl-dev libpq-dev
  libpng-dev libhowardhinnant-date-dev tzdata libzip-dev
  libprotobuf-dev protobuf-compiler
  libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev
  clang-format lld-16
)
# Test-only tools: rpm/rpmbuild write real rpm databases for the rpm reader's
# tests; restic, borg, ClamAV and ufw are the real tools the protection and
# backup collectors are tested against; clang-16 with libc++ builds the
# libFuzzer targets; FusionInventory is the benchmark's peer; PostgreSQL 15
# is the server the PostgreSQL store's tests start in temporary directories;
# aiosmtpd is the real SMTP server (STARTTLS, AUTH) the digest is sent to,
# and headless Chromium renders the digest's and the evidence's HTML; unzip,
# sha256sum and openssl check evidence bundles as an auditor would, and
# Node.js runs ajv, the OSCAL schema's validator; Valgrind's callgrind checks
# that the agent's hot-code layout (agent/link/) still matches what it runs.
test_pkgs=(
  rpm restic borgbackup clamav ufw curl openssl postgresql-15
  python3-aiosmtpd chromium fonts-dejavu-core unzip nodejs
  python3 fusioninventory-agent time valgrind
  clang-16 libc++-16-dev libc++abi-16-dev libclang-rt-16-dev
)

pkgs=("${build_pkgs[@]}")
if [ "$test_deps" -eq 1 ]; then pkgs+=("${test_pkgs[@]}"); fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# ajv-cli 5 with ajv-formats 3 (npm): validates the evidence bundle's OSCAL
# file against NIST's schema (tests/fixtures/oscal). Debian's nodejs comes
# without npm; a Node.js from elsewhere may bring its own.
if [ "$test_deps" -eq 1 ] && [ ! -x "$here/build/npm/node_modules/.bin/ajv" ]; then
  if ! command -v npm >/dev/null; then
    "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends npm >/dev/null
  fi
  mkdir -p "$here/build/npm"
  npm install --prefix "$here/build/npm" --no-audit --no-fund --silent \
    ajv-cli@5 ajv-formats@3 >/dev/null
fi
[ "$deps_only" -eq 1 ] && exit 0

# CI builds with warnings as errors; SURVEYOR_CMAKE_ARGS adds any other flags.
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
# shellcheck disable=SC2086
cmake -S "$here" -B "$here/build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSURVEYOR_WERROR="$werror" ${SURVEYOR_CMAKE_ARGS:-} >/dev/null
cmake --build "$here/build"
