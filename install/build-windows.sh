#!/usr/bin/env bash
# Builds the Windows agent and its tests into build-windows/ with mingw-w64,
# from a fresh Debian 12 machine: installs the cross compiler, Wine and
# msitools, builds the libraries Debian does not ship for mingw from Debian's
# source packages (install/windows/deps.sh, cached by version), then
# configures and builds. Idempotent; run as root (or with sudo available).
#   install/build-windows.sh
# Environment: CI=true builds with warnings as errors; SURVEYOR_MINGW_CACHE
# moves the dependency cache (default ~/.cache/surveyor/mingw).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case "${1:-}" in
  -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
  "") ;;
  *) echo "build-windows.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
esac

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

# The cross compiler (posix threads), Wine to run the tests (libgnutls30 for
# its TLS, a Recommends not installed by --no-install-recommends), msitools
# and wixl for the MSI, libgcrypt for the identity key's Ed25519 and zlib (Debian
# ships both for mingw), and what building Debian's source packages needs: dpkg-dev
# (apt-get source), tcl8.6 (SQLite's amalgamation), the host's protoc.
pkgs=(g++-mingw-w64-x86-64-posix wine wine64 libgnutls30 msitools wixl dpkg-dev
      libgcrypt-mingw-w64-dev libz-mingw-w64-dev tcl8.6 cmake ninja-build protobuf-compiler
      googletest)
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
    missing+=("$p")
  fi
done
# apt-get source needs a deb-src entry: the machine's own Debian sources
# with Types: deb-src (no new host).
src_list=/etc/apt/sources.list.d/surveyor-deb-src.sources
update=0
if ! apt-cache showsrc protobuf 2>/dev/null | grep -q '^Version:'; then
  sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
    | "${sudo_cmd[@]}" tee "$src_list" >/dev/null
  update=1
fi
if [ ${#missing[@]} -gt 0 ] || [ "$update" -eq 1 ]; then
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "build-windows.sh: installing ${missing[*]}"
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

prefix=$("$here/install/windows/deps.sh")
werror=OFF
[ "${CI:-}" = "true" ] && werror=ON
cmake -S "$here" -B "$here/build-windows" -G Ninja \
  -DCMAKE_BUILD_TYPE=MinSizeRel \
  -DCMAKE_TOOLCHAIN_FILE="$here/install/windows/mingw-w64.cmake" \
  -DSURVEYOR_MINGW_PREFIX="$prefix" -DSURVEYOR_WERROR="$werror" >/dev/null
cmake --build "$here/build-windows"
