#!/usr/bin/env bash
# A scripted session with a real IRC client (suckless ii) against the built server:
# ii joins #general, a line-protocol user (nc) talks to it, and it answers. Needs: ii, nc (apt-get install -y ii netcat-openbsd).
# Usage: tests/scripts/ii-session.sh   (after `dotnet build -c Release Parley.slnx`; ./test.sh runs it); exits non-zero on failure.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
configuration=${CONFIGURATION:-Release}
server="$root/src/Parley.Server/bin/$configuration/net10.0/parley-server"
[ -x "$server" ] || server="$root/src/Parley.Server/bin/Debug/net10.0/parley-server"
work=$(mktemp -d)
irc_port=$((20000 + RANDOM % 20000)); line_port=$((irc_port + 1))
cleanup() { kill "${ii_pid:-}" "${nc_pid:-}" "${server_pid:-}" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$server" --bind 127.0.0.1 --irc-port "$irc_port" --line-port "$line_port" --Parley:Http:Port=0 --data-dir "$work/data" --server-name ii.test > "$work/server.log" 2>&1 &
server_pid=$!
wait_for() { # file pattern
  for _ in $(seq 1 100); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  echo "timed out waiting for '$2' in $1" >&2; cat "$1" >&2 || true; exit 1
}
wait_for "$work/server.log" "Listening: irc"

ii -s 127.0.0.1 -p "$irc_port" -n iiuser -i "$work/irc" &
ii_pid=$!
wait_for "$work/irc/127.0.0.1/out" "Welcome to the"
echo "/j #general" > "$work/irc/127.0.0.1/in"
wait_for "$work/irc/127.0.0.1/#general/out" "iiuser"

mkfifo "$work/line-in"
nc 127.0.0.1 "$line_port" < "$work/line-in" > "$work/line-out" &
nc_pid=$!
exec 3> "$work/line-in"
wait_for "$work/line-out" "You joined general"
echo "/nick liner" >&3
echo "hello ii" >&3
wait_for "$work/irc/127.0.0.1/#general/out" "<liner> hello ii"
echo "hello line" > "$work/irc/127.0.0.1/#general/in"
wait_for "$work/line-out" "<iiuser> hello line"
echo "ii session OK"
