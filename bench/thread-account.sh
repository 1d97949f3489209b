#!/usr/bin/env bash
# Where a message's cost goes, thread by thread. Starts Parley (Release, history on) on a fresh data directory,
# runs a parley-bench scenario against it for WARM seconds, then, while the same scenario runs again, reads every
# server thread's CPU time (/proc/<pid>/task/*/stat) and I/O (rchar, wchar, syscr, syscw in .../io) twice, 10 s
# apart, and prints them per message (or per delivery) by thread name, with the scenario's own summary line.
#
#   bench/thread-account.sh [--pin] [--warm 10] [--rate-per-s 25000] [-- pm --clients 1000 --rate 25]
#
# --rate-per-s: the messages per second the scenario offers, to divide by (pm: clients × rate). --pin runs the
# server on core 0 and the generator on core 1. Extra server settings come from the environment (Parley__…).
# Loopback only; the server is stopped by PID; every wait is bounded.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PIN=0; WARM=10; RATE_PER_S=25000; SCENARIO=(pm --clients 1000 --rate 25)
while [[ $# -gt 0 ]]; do
  case "$1" in
    --pin) PIN=1 ;; --warm) WARM="$2"; shift ;; --rate-per-s) RATE_PER_S="$2"; shift ;;
    --) shift; SCENARIO=("$@"); break ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;; *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

dotnet build -c Release "$ROOT/src/Parley.Server" -v q -nologo >/dev/null
dotnet build -c Release "$ROOT/bench/Parley.Bench" -v q -nologo >/dev/null
SERVER="$ROOT/src/Parley.Server/bin/Release/net10.0/parley-server"
BENCH="$ROOT/bench/Parley.Bench/bin/Release/net10.0/parley-bench"
WORK="$(mktemp -d /tmp/parley-thread-account.XXXXXX)"
SERVER_CPU=(); BENCH_CPU=()
if [[ $PIN == 1 ]]; then SERVER_CPU=(taskset -c 0); BENCH_CPU=(taskset -c 1); fi
PORT=$((40000 + RANDOM % 20000))
PID=""; LOAD=""
trap '[ -n "$LOAD" ] && kill "$LOAD" 2>/dev/null; [ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

"${SERVER_CPU[@]}" "$SERVER" --bind 127.0.0.1 --irc-port "$PORT" --line-port $((PORT + 1)) --flood-control false \
  --data-dir "$WORK/data" >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 100); do grep -q "Listening" "$WORK/server.log" 2>/dev/null && break; sleep 0.1; done
SOURCES=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
timeout $((WARM + 60)) "${BENCH_CPU[@]}" "$BENCH" "${SCENARIO[@]}" --port "$PORT" --source-addresses "$SOURCES" \
  --duration "$WARM" --warmup 0 --drain 1 >/dev/null
timeout 80 "${BENCH_CPU[@]}" "$BENCH" "${SCENARIO[@]}" --port "$PORT" --source-addresses "$SOURCES" \
  --duration 14 --warmup 2 --drain 3 --server-pid "$PID" >"$WORK/bench.out" 2>&1 &
LOAD=$!

# One line per thread name: CPU ticks, rchar, wchar, syscr, syscw (summed over threads of that name).
snapshot() {
  python3 - "$PID" <<'PY'
import os, sys
pid = sys.argv[1]
totals = {}
for tid in os.listdir(f"/proc/{pid}/task"):
    try:
        name = open(f"/proc/{pid}/task/{tid}/comm").read().strip().replace(" ", "_")
        # The name may hold spaces and parentheses: the fields start after the last ")".
        fields = open(f"/proc/{pid}/task/{tid}/stat").read().rsplit(")", 1)[1].split()
        io = dict(line.split(": ") for line in open(f"/proc/{pid}/task/{tid}/io").read().splitlines() if line)
    except (FileNotFoundError, ProcessLookupError):
        continue  # a thread that ended between listing and reading
    row = totals.setdefault(name, [0, 0, 0, 0, 0])
    values = [int(fields[11]) + int(fields[12]), int(io["rchar"]), int(io["wchar"]), int(io["syscr"]), int(io["syscw"])]
    for i, v in enumerate(values):
        row[i] += v
for name, row in sorted(totals.items()):
    print(name, *row)
PY
}

sleep 4
snapshot >"$WORK/a"
sleep 10
snapshot >"$WORK/b"
wait "$LOAD" || true
LOAD=""
grep '^{' "$WORK/bench.out" || true
python3 - "$WORK/a" "$WORK/b" "$RATE_PER_S" "$(getconf CLK_TCK)" <<'PY'
import sys
def load(path):
    return {line.split()[0]: [int(x) for x in line.split()[1:]] for line in open(path)}
a, b = load(sys.argv[1]), load(sys.argv[2])
messages = float(sys.argv[3]) * 10
ticks = int(sys.argv[4])
print(f"{'thread':18} {'cores':>6} {'µs/msg':>7} {'read B/msg':>11} {'reads/msg':>10} {'written B/msg':>14} {'writes/msg':>11}")
for name, after in sorted(b.items()):
    d = [x - y for x, y in zip(after, a.get(name, [0] * 5))]
    if d[0] == 0 and d[2] == 0:
        continue
    seconds = d[0] / ticks
    print(f"{name:18} {seconds / 10:6.2f} {seconds * 1e6 / messages:7.1f} {d[1] / messages:11.0f} {d[3] / messages:10.2f} "
          f"{d[2] / messages:14.0f} {d[4] / messages:11.2f}")
PY
