#!/usr/bin/env bash
# Builds Parley and runs every test: unit, integration (real sockets, real SQLite files, child processes),
# and a short smoke run of the load generator against a real server. Installs what the tests need first.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# --- What the tests need from Debian: ss (iproute2) for socket checks, sqlite3 for the backup check.
missing=()
command -v ss >/dev/null 2>&1 || missing+=(iproute2)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
command -v ii >/dev/null 2>&1 || missing+=(ii)
command -v nc >/dev/null 2>&1 || missing+=(netcat-openbsd)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; fi
fi
command -v dotnet >/dev/null 2>&1 || { echo "test.sh: the .NET SDK (see global.json) is required" >&2; exit 1; }

echo "== restore, build (warnings are errors), format check"
dotnet restore Parley.slnx --verbosity quiet
dotnet build Parley.slnx -c Release --no-restore --verbosity quiet -nologo
dotnet format Parley.slnx --verify-no-changes --no-restore --verbosity quiet

# --- Tests, one project at a time: on 2 cores the socket tests must not race other projects for the CPU.
passed=0; failed=0; skipped=0; status=0
for project in tests/*.Tests/*.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  log=$(mktemp)
  if ! dotnet test "$project" -c Release --no-build --nologo --verbosity quiet --logger "console;verbosity=minimal" 2>&1 | tee "$log"; then status=1; fi
  line=$(grep -E '(Passed|Failed)!  - Failed:' "$log" | tail -1 || true)
  if [ -z "$line" ]; then echo "!! $name ran no tests"; status=1; fi
  f=$(sed -nE 's/.*Failed: +([0-9]+).*/\1/p' <<<"$line"); p=$(sed -nE 's/.*Passed: +([0-9]+).*/\1/p' <<<"$line"); s=$(sed -nE 's/.*Skipped: +([0-9]+).*/\1/p' <<<"$line")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${s:-0}))
  rm -f "$log"
done

# --- A real IRC client (suckless ii) against the built server, talking with a line-protocol user.
echo "== real IRC client session (ii)"
if timeout 120 bash tests/scripts/ii-session.sh >/tmp/parley-ii-session.log 2>&1; then echo "ii session: ok"; passed=$((passed + 1))
else echo "ii session: FAILED"; tail -20 /tmp/parley-ii-session.log; failed=$((failed + 1)); status=1; fi

# --- Smoke run of the load generator against a real server (benchmarks are not tests; this keeps the tool working).
echo "== bench smoke run"
if bash bench/smoke.sh; then passed=$((passed + 1)); else failed=$((failed + 1)); status=1; fi

echo "$passed passed, $failed failed, $skipped skipped"
exit $status
