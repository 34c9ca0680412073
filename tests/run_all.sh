#!/usr/bin/env bash
# The whole test suite from a fresh Debian 12 machine: installs dependencies,
# builds, checks formatting, runs every CTest test (unit, integration with the
# real binaries and a real rpm database, fuzz corpus replay), a short
# coverage-guided fuzz run of the untrusted-input parsers, then builds the
# Windows agent's code with mingw-w64 and runs its tests under Wine.
#   tests/run_all.sh   (FUZZ_SECONDS=20 by default, 0 skips fuzzing;
#                       WINDOWS=0 skips the Windows build and tests)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

install/setup.sh
tests/format_check.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
fuzz_seconds=${FUZZ_SECONDS:-20}
if [ "$fuzz_seconds" -gt 0 ]; then
  tests/fuzz/run.sh "$fuzz_seconds"
fi
if [ "${WINDOWS:-1}" != 0 ]; then
  install/build-windows.sh
  install/test-windows.sh
fi
echo "all tests passed"
