#!/usr/bin/env bash
# A short smoke run of parley-bench against a real Parley server (Release, history on, ephemeral port):
# proves the generator and the server still work together. Not a measurement. Expects a Release build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVER="$ROOT/src/Parley.Server/bin/Release/net10.0/parley-server.dll"
BENCH="$ROOT/bench/Parley.Bench/bin/Release/net10.0/parley-bench.dll"
WORK="$(mktemp -d /tmp/parley-smoke.XXXXXX)"
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

dotnet "$SERVER" --Parley:Bind=127.0.0.1 --Parley:Line:Port=0 --Parley:Irc:Port=0 --Parley:Http:Port=0 \
  --Parley:Storage:DataDir="$WORK/data" --flood-control false >"$WORK/server.log" 2>&1 &
PID=$!
port=""
for _ in $(seq 300); do   # up to 30 s for the server to announce its port
  port=$(sed -nE 's/.*Listening: line on 127\.0\.0\.1:([0-9]+).*/\1/p' "$WORK/server.log" | head -1)
  [ -n "$port" ] && break
  kill -0 "$PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 0.1
done
[ -n "$port" ] || { echo "server did not start"; cat "$WORK/server.log"; exit 1; }

timeout 60 dotnet "$BENCH" fanout --protocol line --port "$port" --clients 20 --senders 4 --duration 8 --warmup 1 \
  --server-pid "$PID" --json "$WORK/result.json" | tail -25
grep -q '"lost":0,' "$WORK/result.json" || { echo "smoke: messages were lost"; exit 1; }
grep -qE '"received_deliveries":[1-9]' "$WORK/result.json" || { echo "smoke: nothing delivered"; exit 1; }
echo "smoke: ok"
