#!/usr/bin/env bash
# The agent's MSI under Wine's msiexec, as an RMM runs it, against the real
# Linux surveyor-server on loopback over TLS:
#   0. without SERVER_URL on a machine with no configuration, or with a
#      CA_FILE that is not a certificate: refused, and nothing is left;
#   1. `msiexec /i surveyor-agent.msi /qn SERVER_URL=… ENROLL_SECRET=…
#      CA_FILE=…`: the service runs and enrolls (the cycle worker's log line
#      in agent.log); the secret is in its
#      private file and nowhere else (not the configuration, the installer's
#      log or the registry);
#   2. a newer MSI with no properties upgrades it (the old version removed
#      as Windows' RemoveExistingProducts removes it, which Wine's does
#      not: see step 2): same identity key, same host on the server, which
#      now lists the new version, once;
#   3. `msiexec /x`: the service, the program and %ProgramData%\Surveyor
#      are gone, and the secret with them.
# A CTest of the Windows build:
#   tests/agent/windows_msi_test.sh LINUX_BUILD WINDOWS_BUILD VERSION
set -euo pipefail
linux_build=$1 windows_build=$2 version=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server=$linux_build/service/surveyor-server
msi=$windows_build/surveyor-agent.msi
prefix=$windows_build/wineprefix
wine_run=("$here/install/windows/wine-run.sh" "$prefix")
for f in "$server" "$msi"; do
  [ -f "$f" ] || { echo "FAIL: $f is missing (build both trees first)"; exit 1; }
done
program="$prefix/drive_c/Program Files/Surveyor"
data="$prefix/drive_c/ProgramData/Surveyor"
IFS=. read -r major minor patch <<<"$version"
next="$major.$minor.$((patch + 1))"

work=$(mktemp -d /tmp/surveyor-win-msi.XXXXXX)
server_pid="" keeper=""
msiexec() { "${wine_run[@]}" msiexec "$@"; }
cleanup() {
  msiexec /x "$(winpath "$work/next.msi")" /qn >/dev/null 2>&1 || true
  msiexec /x "$(winpath "$msi")" /qn >/dev/null 2>&1 || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$keeper" ] && kill "$keeper" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
agent_log="$data/agent.log"
# shellcheck source=windows_test_lib.sh
. "$here/tests/agent/windows_test_lib.sh"
[ ! -e "$program" ] && [ ! -e "$data" ] ||
  fail "an agent is installed in $prefix already (a run that was killed?)"
start_surveyor_server
start_wine_keeper
# Where the secret is, apart from its own file: the prefix (registry, files
# the installer left) and the installer's logs.
secret_found_in() {
  { grep -rlF -- "$secret" "$prefix" "$work"/*.log 2>/dev/null || true; } |
    { grep -vxF "$data/enroll_secret" || true; }
}
wait_for() {  # seconds, description, command...
  local limit=$1 what=$2 start=$SECONDS
  shift 2
  until "$@"; do
    [ $((SECONDS - start)) -lt "$limit" ] || fail "$what: not within $limit s"
    sleep 0.5
  done
  echo "$what: $((SECONDS - start)) s"
}
running() { [ "$(service_state)" = RUNNING ]; }

# 0. Refused without SERVER_URL; the install is rolled back.
rc=0
msiexec /i "$(winpath "$msi")" /qn /l*v "$(winpath "$work/refused.log")" || rc=$?
[ "$rc" -ne 0 ] || fail "an install without SERVER_URL succeeded"
[ ! -e "$program/surveyor-agent.exe" ] || fail "a refused install left the program"
[ -z "$(service_state)" ] || fail "a refused install left the service ($(service_state))"
# Why, in the installer's log: what configure said.
grep -q "surveyor-agent: surveyor-agent configure: no configuration at" "$work/refused.log" ||
  fail "the installer's log does not say why: $(grep -i 'surveyor-agent' "$work/refused.log" | head -5)"
echo "refused without SERVER_URL: msiexec exit $rc, nothing left, the log says why"
# And with a CA_FILE that is not a certificate: configure refuses it.
printf 'not a certificate\n' >"$work/not-a-ca.pem"
rc=0
msiexec /i "$(winpath "$msi")" /qn /l*v "$(winpath "$work/refused-ca.log")" \
  "SERVER_URL=https://localhost:$port" "ENROLL_SECRET=sse_refused" \
  "CA_FILE=$(winpath "$work/not-a-ca.pem")" || rc=$?
[ "$rc" -ne 0 ] || fail "an install with a CA_FILE that is not one succeeded"
[ ! -e "$program/surveyor-agent.exe" ] && [ ! -e "$data" ] ||
  fail "a refused install left the program or $data"
grep -q "no PEM certificate" "$work/refused-ca.log" ||
  fail "the installer's log does not say why the CA was refused"
echo "refused with a bad CA_FILE: msiexec exit $rc, nothing left, the log says why"

# 1. The RMM's one line.
msiexec /i "$(winpath "$msi")" /qn /l*v "$(winpath "$work/install.log")" \
  "SERVER_URL=https://localhost:$port" "ENROLL_SECRET=$secret" \
  "CA_FILE=$(winpath "$work/tls/server.crt")" ||
  fail "msiexec /i exited $?"
[ -x "$program/surveyor-agent.exe" ] || fail "no $program/surveyor-agent.exe"
wait_for 20 "service running after install" running
# The daemon's first cycles are splayed over the first minute.
enrolled() { [ "$(api_host_ids | wc -l)" = 1 ]; }
wait_for 90 "host enrolled" enrolled
agent_id=$(api_host_ids)
# The cycle ran in a worker process, whose log the service relays.
worker_logged() { grep -q "\[worker\] \[agent\] enrolled as $agent_id" "$data/agent.log"; }
wait_for 10 "the worker's log line in agent.log" worker_logged
[ "$(cat "$data/enroll_secret")" = "$secret" ] ||
  fail "the secret file does not hold the secret"
grep -q "url: \"https://localhost:$port\"" "$data/agent.textproto" ||
  fail "the configuration does not name the server: $(cat "$data/agent.textproto")"
cmp -s "$data/server-ca.pem" "$work/tls/server.crt" || fail "the CA was not copied"
leaks=$(secret_found_in)
[ -z "$leaks" ] || fail "the secret is also in: $leaks"
key=$(sha256sum <"$data/identity.key")
config=$(cat "$data/agent.textproto")

# 2. Upgrade to a newer MSI, no properties. Windows' RemoveExistingProducts
# removes the old version with UPGRADINGPRODUCTCODE set, which keeps
# PurgeAgent from running; Wine's runs `msiexec /i {old} REMOVE=ALL`
# without it (dlls/msi/action.c). So the old version is removed here as
# Windows removes it, with the property, then the new one installed.
"$here/install/windows/build-msi.sh" "$windows_build" "$next" "$work/next.msi"
new_code=$(msiinfo export "$work/next.msi" Property | tr -d '\r' |
  awk -F'\t' '$1 == "ProductCode" { print $2 }')
[ -n "$new_code" ] || fail "no ProductCode in next.msi"
msiexec /x "$(winpath "$msi")" /qn /l*v "$(winpath "$work/upgrade-remove.log")" \
  "UPGRADINGPRODUCTCODE=$new_code" || fail "removing the old version exited $?"
[ -z "$(service_state)" ] || fail "the old version's service is still there"
[ -s "$data/identity.key" ] || fail "removing the old version for an upgrade purged the state"
msiexec /i "$(winpath "$work/next.msi")" /qn /l*v "$(winpath "$work/upgrade.log")" ||
  fail "the upgrade's msiexec exited $?"
wait_for 20 "service running after upgrade" running
[ "$(sha256sum <"$data/identity.key")" = "$key" ] || fail "the upgrade changed the identity key"
[ "$(cat "$data/agent.textproto")" = "$config" ] || fail "the upgrade changed the configuration"
only_next() {
  [ "$(program_versions "$agent_id" "Surveyor Agent")" = "$next" ]
}
wait_for 120 "the server lists Surveyor Agent $next, once" only_next
[ "$(api_host_ids)" = "$agent_id" ] || fail "the upgrade made a new host: $(api_host_ids)"

# 3. Uninstall.
msiexec /x "$(winpath "$work/next.msi")" /qn /l*v "$(winpath "$work/uninstall.log")" ||
  fail "msiexec /x exited $?"
[ -z "$(service_state)" ] || fail "the service is still there ($(service_state))"
[ ! -e "$program" ] || fail "$program is still there: $(ls "$program")"
[ ! -e "$data" ] || fail "$data is still there: $(ls "$data")"
leaks=$(secret_found_in)
[ -z "$leaks" ] || fail "after uninstalling, the secret is in: $leaks"
echo "PASS: installed with the RMM's properties, enrolled as $agent_id, upgraded to $next keeping it, uninstalled leaving no secret"
