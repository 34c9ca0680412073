#!/usr/bin/env bash
# Fails when a tracked C++ file is not formatted with the repository's
# .clang-format. Fix with: git ls-files '*.h' '*.cc' | xargs clang-format -i
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mapfile -t files < <(git ls-files '*.h' '*.cc')
bad=()
for f in "${files[@]}"; do
  clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "format check: ${#bad[@]} file(s) need clang-format: ${bad[*]}" >&2
  exit 1
fi
echo "format check: ${#files[@]} files formatted"
