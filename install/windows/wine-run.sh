#!/usr/bin/env bash
# Runs a Windows program under Wine in the build's private prefix: ctest's
# emulator for the Windows build (CMAKE_CROSSCOMPILING_EMULATOR).
#   install/windows/wine-run.sh PREFIX PROGRAM.exe [ARGS...]
# The prefix is created once, under a lock, on first use (~10 s). Console
# programs need no display; Wine's own chatter is off.
set -euo pipefail
export WINEPREFIX=$1
shift
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# The DLLs the programs load that are not Windows' own (libgcrypt's).
export WINEPATH="Z:/usr/x86_64-w64-mingw32/bin"
unset DISPLAY
if [ ! -f "$WINEPREFIX/system.reg" ]; then
  mkdir -p "$(dirname "$WINEPREFIX")"
  (
    flock 9
    if [ ! -f "$WINEPREFIX/system.reg" ]; then
      wineboot -i >/dev/null 2>&1
      wineserver -w
    fi
  ) 9>"$WINEPREFIX.lock"
fi
exec wine "$@"
