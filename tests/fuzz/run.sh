#!/usr/bin/env bash
# Coverage-guided fuzzing of the untrusted-input parsers with libFuzzer
# (clang-16 with libc++, which has std::expected; ASan + UBSan). Builds into
# build-fuzz/ and runs each target for SECONDS (default 30), starting from the
# checked-in corpus. New crashes are written to build-fuzz/crash-*; a crash
# exits non-zero.
#   tests/fuzz/run.sh [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-30}
out="$here/build-fuzz"
mkdir -p "$out"
cxx=clang++-16
flags=(-std=c++2b -stdlib=libc++ -O1 -g -fsanitize=fuzzer,address,undefined
       -fno-sanitize-recover=undefined -I"$here")

# Builds and runs go nproc at a time (each is single-threaded); a failed one
# fails the script once the others have finished.
jobs=$(nproc)
pids=()
throttle() {
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 0.2; done
}
drain() {
  local pid failed=0
  for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
  pids=()
  [ "$failed" -eq 0 ] || { echo "fuzz: a build or run failed" >&2; exit 1; }
}

build() {  # target sources...
  local target=$1; shift
  throttle
  # libFuzzer's runtime is built against libstdc++; the targets use libc++.
  "$cxx" "${flags[@]}" "$@" -o "$out/$target" \
    /usr/lib/x86_64-linux-gnu/libstdc++.so.6 &
  pids+=($!)
}
build dpkg_status_fuzz "$here/tests/fuzz/dpkg_status_fuzz.cc" \
  "$here/collectors/software/dpkg_status.cc"
build rpm_header_fuzz "$here/tests/fuzz/rpm_header_fuzz.cc" \
  "$here/collectors/software/rpm_header.cc"

# Boost.JSON header-only here: the system library is built for libstdc++.
build saas_json_fuzz "$here/tests/fuzz/saas_json_fuzz.cc" \
  "$here/common/boost_json_build.cc" \
  "$here/collectors/saas/graph_parsers.cc" \
  "$here/collectors/saas/slack_parsers.cc" \
  "$here/collectors/saas/github_parsers.cc" \
  "$here/collectors/saas/zoom_parsers.cc" \
  "$here/collectors/saas/okta_parsers.cc" \
  "$here/collectors/saas/google_parsers.cc" \
  "$here/collectors/saas/dropbox_parsers.cc" \
  "$here/collectors/saas/atlassian_parsers.cc" \
  "$here/collectors/saas/salesforce_parsers.cc" \
  "$here/collectors/saas/adobe_parsers.cc" \
  "$here/collectors/saas/http_headers.cc" \
  "$here/collectors/saas/vendor_json.cc" "$here/common/time_util.cc"

build browser_profile_fuzz "$here/tests/fuzz/browser_profile_fuzz.cc" \
  "$here/common/boost_json_build.cc" \
  "$here/collectors/browser/chromium_prefs.cc" \
  "$here/collectors/browser/extension_manifest.cc" \
  "$here/collectors/browser/firefox_profile.cc"

build evidence_manifest_fuzz "$here/tests/fuzz/evidence_manifest_fuzz.cc" \
  "$here/service/evidence/manifest.cc" "$here/common/printable.cc"

# The registry export parser (registry fixtures, and what any user can write
# into the registry on Windows), and the app package names in its keys.
build registry_export_fuzz "$here/tests/fuzz/registry_export_fuzz.cc" \
  "$here/collectors/registry_export.cc" \
  "$here/collectors/software/windows_package_identity.cc"

# The XML reader and what reads XML any local user can write: File History's
# configuration and event records.
build windows_xml_fuzz "$here/tests/fuzz/windows_xml_fuzz.cc" \
  "$here/collectors/simple_xml.cc" "$here/collectors/registry_export.cc" \
  "$here/collectors/backup/file_history_config.cc" \
  "$here/collectors/windows/event_record.cc" "$here/common/time_util.cc"

drain

fuzz() {  # target
  local target=$1 work="$out/corpus-$1"
  mkdir -p "$work"
  (cd "$out" && "./${target}_fuzz" -max_total_time="$seconds" -max_len=65536 \
     -print_final_stats=1 "$work" "$here/tests/fuzz/corpus/$target" \
     2>"$out/$target.log") || { tail -40 "$out/$target.log"; return 1; }
  grep -E "stat::number_of_executed_units|stat::peak_rss" "$out/$target.log" \
    | sed "s/^/  $target /"
}
for target in dpkg_status rpm_header saas_json browser_profile evidence_manifest \
              registry_export windows_xml; do
  throttle
  echo "fuzzing $target for ${seconds}s"
  fuzz "$target" &
  pids+=($!)
done
drain
