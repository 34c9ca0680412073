#!/usr/bin/env bash
# Runs the Windows build's tests (install/build-windows.sh first) under Wine
# with ctest, in the build's private Wine prefix (build-windows/wineprefix).
#   install/test-windows.sh [CTEST-ARGS...]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
case "${1:-}" in
  -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
esac
build="$here/build-windows"
[ -f "$build/CTestTestfile.cmake" ] ||
  { echo "test-windows.sh: no $build; run install/build-windows.sh" >&2; exit 1; }
export WINEPREFIX="$build/wineprefix"
# The first Wine process starts wineserver and its helpers, which keep that
# process's stdout and stderr open: were it a test, ctest would wait on the
# pipe. So start them here, quietly, and stop them at the end.
trap 'wineserver -k >/dev/null 2>&1 || true' EXIT
"$here/install/windows/wine-run.sh" "$WINEPREFIX" cmd /c exit >/dev/null 2>&1
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" "$@"
