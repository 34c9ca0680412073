#!/usr/bin/env bash
# End to end: surveyor-agent.exe under Wine enrolls with the real Linux
# surveyor-server on loopback over TLS, sends its inventory with
# `run --once`, and the inventory comes back through the server's API; a
# second run sends again as the same host. Then as the SurveyorAgent
# service (sc create/start under Wine's service control manager): a
# program installed while it runs reaches the server within seconds
# (registry notification, a cycle in a child process), and `sc stop` ends
# it within seconds; a service whose configuration does not load stops at
# once, saying why in agent.log. A CTest of the Windows build.
#   tests/agent/windows_agent_e2e.sh LINUX_BUILD WINDOWS_BUILD
# Needs the Linux build's surveyor-server (install/setup.sh makes it; CI
# builds it first): without it the test fails saying so.
set -euo pipefail
linux_build=$1 windows_build=$2
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
server=$linux_build/service/surveyor-server
agent=$windows_build/agent/surveyor-agent.exe
wine_run=("$here/install/windows/wine-run.sh" "$windows_build/wineprefix")
for f in "$server" "$agent"; do
  [ -x "$f" ] || { echo "FAIL: $f is missing (build both trees first)"; exit 1; }
done

work=$(mktemp -d /tmp/surveyor-win-e2e.XXXXXX)
server_pid=""
key="HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\SurveyorE2E-$$"
later_key="$key-later"
keeper="" made_data="" data=""
cleanup() {
  "${wine_run[@]}" sc stop SurveyorAgent >/dev/null 2>&1 || true
  "${wine_run[@]}" sc delete SurveyorAgent >/dev/null 2>&1 || true
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  "${wine_run[@]}" reg delete "$key" /f >/dev/null 2>&1 || true
  "${wine_run[@]}" reg delete "$later_key" /f >/dev/null 2>&1 || true
  [ -n "$keeper" ] && kill "$keeper" 2>/dev/null
  [ -n "$made_data" ] && rm -rf "$data"
  rm -rf "$work"
}
trap cleanup EXIT
agent_log="$work/agent/state/agent.log"
# shellcheck source=windows_test_lib.sh
. "$here/tests/agent/windows_test_lib.sh"
start_surveyor_server

mkdir -p "$work/agent"
printf '%s\n' "$secret" >"$work/agent/secret"
cat >"$work/agent/agent.textproto" <<CONF
server {
  url: "https://localhost:$port"
  ca_file: "$(textpath "$work/tls/server.crt")"
  enroll_secret_file: "$(textpath "$work/agent/secret")"
  connect_timeout_seconds: 5
  request_timeout_seconds: 30
}
state_dir: "$(textpath "$work/agent/state")"
package_change_delay_seconds: 1
CONF
config=$(winpath "$work/agent/agent.textproto")
"${wine_run[@]}" reg add "$key" /v DisplayName /d "Surveyor E2E Suite" /f >/dev/null
"${wine_run[@]}" reg add "$key" /v DisplayVersion /d "7.8.9" /f >/dev/null

# 1. Enrolls and sends.
if ! "${wine_run[@]}" "$agent" run --once --config "$config" >"$work/run1.log" 2>&1; then
  cat "$work/run1.log"; fail "the first run --once failed"
fi
# (Windows console output ends its lines with \r\n.)
status=$("${wine_run[@]}" "$agent" status --config "$config" 2>&1 | tr -d '\r'; exit "${PIPESTATUS[0]}") ||
  { echo "$status"; fail "status after a good run is not 0"; }
grep -q '^Enrolled       yes, agent id ' <<<"$status" || { echo "$status"; fail "not enrolled"; }
grep -q '^Outbox         0 snapshots' <<<"$status" || { echo "$status"; fail "outbox not empty"; }
agent_id=$(sed -n 's/^Enrolled       yes, agent id //p' <<<"$status")

# 2. The inventory through the API: the host, with Windows' facts, and the
# program written into the registry above.
hosts=$(api /v1/tenants/acme/hosts) || fail "GET hosts: $hosts"
python3 - "$hosts" "$agent_id" <<'PY' || fail "the host is not listed as expected: $hosts"
import json, sys
hosts = json.loads(sys.argv[1])
hosts = hosts.get("hosts", hosts) if isinstance(hosts, dict) else hosts
mine = [h for h in hosts if h.get("agent_id") == sys.argv[2]]
assert len(mine) == 1, hosts
assert "Windows" in json.dumps(mine[0]), mine[0]
PY
has_program "$agent_id" "Surveyor E2E Suite" "7.8.9" ||
  fail "the program is not in the host's software: $(api "/v1/hosts/$agent_id/software" | head -c 400)"

# 3. A second run sends again as the same host (a delta or an unchanged
# snapshot), not a new enrollment.
"${wine_run[@]}" "$agent" run --once --config "$config" >"$work/run2.log" 2>&1 ||
  { cat "$work/run2.log"; fail "the second run --once failed"; }
status2=$("${wine_run[@]}" "$agent" status --config "$config" 2>&1 | tr -d '\r')
grep -q "agent id $agent_id" <<<"$status2" || fail "the agent id changed: $status2"
count=$(api_host_ids | wc -l)
[ "$count" = 1 ] || fail "expected one host after two runs, got $count"

# 4. The service.
start_wine_keeper
# One left by an interrupted run goes first.
"${wine_run[@]}" sc stop SurveyorAgent >/dev/null 2>&1 || true
"${wine_run[@]}" sc delete SurveyorAgent >/dev/null 2>&1 || true
"${wine_run[@]}" sc create SurveyorAgent \
  binPath= "$(winpath "$agent") run --service --config $config" >/dev/null ||
  fail "sc create"
"${wine_run[@]}" sc start SurveyorAgent >/dev/null || fail "sc start"
for _ in $(seq 50); do [ "$(service_state)" = RUNNING ] && break; sleep 0.2; done
[ "$(service_state)" = RUNNING ] || fail "the service is $(service_state), not RUNNING"
sleep 2  # its watch armed
"${wine_run[@]}" reg add "$later_key" /v DisplayName /d "Surveyor E2E Later" /f >/dev/null
start=$SECONDS
until has_program "$agent_id" "Surveyor E2E Later"; do
  [ $((SECONDS - start)) -lt 30 ] || fail "a program installed while the service runs did not reach the server in 30 s"
  sleep 0.5
done
echo "service: the new program reached the server in $((SECONDS - start)) s"
start=$SECONDS
"${wine_run[@]}" sc stop SurveyorAgent >/dev/null || fail "sc stop"
until [ "$(service_state)" = STOPPED ]; do
  [ $((SECONDS - start)) -lt 10 ] || fail "the service did not stop within 10 s ($(service_state))"
  sleep 0.2
done
echo "service: stopped in $((SECONDS - start)) s"
"${wine_run[@]}" sc delete SurveyorAgent >/dev/null || fail "sc delete"

# 5. A service whose configuration does not load stops at once and says why
# in agent.log in the default state directory (it has no standard error).
data="$windows_build/wineprefix/drive_c/ProgramData/Surveyor"
[ ! -e "$data" ] || fail "$data exists already (an agent installed in this prefix?)"
made_data=1
"${wine_run[@]}" sc create SurveyorAgent \
  binPath= "$(winpath "$agent") run --service --config $(winpath "$work/missing.textproto")" \
  >/dev/null || fail "sc create (bad configuration)"
"${wine_run[@]}" sc start SurveyorAgent >/dev/null 2>&1 || true
start=$SECONDS
until [ "$(service_state)" = STOPPED ] && [ -s "$data/agent.log" ]; do
  [ $((SECONDS - start)) -lt 10 ] || fail "a service with no configuration is $(service_state) after 10 s"
  sleep 0.2
done
grep -q "cannot start: .*missing.textproto" "$data/agent.log" ||
  fail "agent.log does not say why: $(cat "$data/agent.log")"
echo "service with a missing configuration: stopped, and agent.log says: $(grep -o 'cannot start: .*' "$data/agent.log" | head -1)"
"${wine_run[@]}" sc delete SurveyorAgent >/dev/null || fail "sc delete"
echo "PASS: agent $agent_id enrolled, sent twice, its inventory came back, the service reported a new program and stopped, and one without a configuration said why"
