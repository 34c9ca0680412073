#!/usr/bin/env bash
# Builds the agent's MSI from a Windows build tree with wixl (msitools):
#   install/windows/build-msi.sh BUILD_DIR VERSION OUT.msi
# BUILD_DIR holds agent/surveyor-agent.exe, its DLLs and the custom
# action's surveyor-msi-actions.dll (build-windows/);
# VERSION is the product version (major.minor.patch). The CMake target
# surveyor-agent-msi runs it; the MSI test runs it again for an upgrade.
# The executables are stripped. wixl cannot mark a custom action's target
# hidden, so the action that sets ENROLL_SECRET's carrier gets
# msidbCustomActionTypeHideTarget (0x2000) here, with msibuild, and
# SERVER_URL, ENROLL_SECRET and CA_FILE are added to SecureCustomProperties;
# the results are checked.
set -euo pipefail
case "${1:-}" in
  -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
esac
[ $# -eq 3 ] || { echo "usage: build-msi.sh BUILD_DIR VERSION OUT.msi" >&2; exit 2; }
build=$1 version=$2 out=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] ||
  { echo "build-msi.sh: version '$version' is not major.minor.patch" >&2; exit 2; }
for f in surveyor-agent.exe libgcrypt-20.dll libgpg-error-0.dll surveyor-msi-actions.dll; do
  [ -f "$build/agent/$f" ] || { echo "build-msi.sh: $build/agent/$f is missing" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# This wixl finds sources by relative name only: it builds beside copies.
cp "$here/surveyor-agent.wxs" "$build"/agent/{surveyor-agent.exe,libgcrypt-20.dll,libgpg-error-0.dll,surveyor-msi-actions.dll} "$tmp"
# The installed agent carries no symbols (10.4 MB -> 4.5 MB); the build
# tree keeps them for debugging.
x86_64-w64-mingw32-strip --strip-unneeded "$tmp/surveyor-agent.exe" \
  "$tmp/surveyor-msi-actions.dll"
(cd "$tmp" && wixl -a x64 -D Version="$version" -o agent.msi surveyor-agent.wxs)

action_type() {  # the CustomAction table's Type for action $1
  (cd "$tmp" && msiinfo export agent.msi CustomAction) | tr -d '\r' |
    awk -F'\t' -v a="$1" '$1 == a { print $2 }'
}
type=$(action_type SetConfigureAgentData)
[ -n "$type" ] || { echo "build-msi.sh: no SetConfigureAgentData action in the MSI" >&2; exit 1; }
hidden=$(( type | 0x2000 ))
msibuild "$tmp/agent.msi" -q \
  "UPDATE \`CustomAction\` SET \`Type\` = $hidden WHERE \`Action\` = 'SetConfigureAgentData'"
[ "$(action_type SetConfigureAgentData)" = "$hidden" ] ||
  { echo "build-msi.sh: could not hide SetConfigureAgentData's target" >&2; exit 1; }

# The RMM's properties pass from msiexec's client to the installer service
# only when they are secure (a managed or elevated install by a user who is
# not an administrator); this wixl has no Secure attribute either.
property() {  # the Property table's value of $1
  (cd "$tmp" && msiinfo export agent.msi Property) | tr -d '\r' |
    awk -F'\t' -v p="$1" '$1 == p { print $2 }'
}
secure="$(property SecureCustomProperties);SERVER_URL;ENROLL_SECRET;CA_FILE"
msibuild "$tmp/agent.msi" -q \
  "UPDATE \`Property\` SET \`Value\` = '${secure#;}' WHERE \`Property\` = 'SecureCustomProperties'"
[ "$(property SecureCustomProperties)" = "${secure#;}" ] ||
  { echo "build-msi.sh: could not make the properties secure" >&2; exit 1; }
mv "$tmp/agent.msi" "$out"
