#!/usr/bin/env bash
# What does durable history cost? Runs the same fanout scenario against Parley with history on (SQLite, the
# default) and off (--history false), alternating, ROUNDS times each, and prints the medians and the cost.
#
#   bench/history-cost.sh [--rounds 3] [--clients 100] [--senders 10] [--duration 10] [--protocol line|irc] [--window 32] [--warmup 2]
#
# Loopback only; each server is started on its own port and stopped by PID; every wait is bounded.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3; CLIENTS=100; SENDERS=10; DURATION=10; PROTOCOL=line; WINDOW=32; WARMUP=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rounds) ROUNDS="$2"; shift ;; --clients) CLIENTS="$2"; shift ;; --senders) SENDERS="$2"; shift ;;
    --duration) DURATION="$2"; shift ;; --protocol) PROTOCOL="$2"; shift ;; --window) WINDOW="$2"; shift ;; --warmup) WARMUP="$2"; shift ;;
    -h|--help) sed -n '2,7p' "$0"; exit 0 ;; *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

dotnet build -c Release "$ROOT/src/Parley.Server" -v q -nologo >/dev/null
dotnet build -c Release "$ROOT/bench/Parley.Bench" -v q -nologo >/dev/null
SERVER="$ROOT/src/Parley.Server/bin/Release/net10.0/parley-server"
BENCH="$ROOT/bench/Parley.Bench/bin/Release/net10.0/parley-bench.dll"
WORK="$(mktemp -d /tmp/parley-history-cost.XXXXXX)"
PID=""
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; echo "logs: $WORK"' EXIT

run() { # $1 = true|false
  local port=$((40000 + RANDOM % 20000)) data="$WORK/data-$RANDOM"
  "$SERVER" --bind 127.0.0.1 --line-port "$port" --irc-port $((port + 1)) --history "$1" --data-dir "$data" --flood-control false \
    >"$WORK/server-$1.log" 2>&1 &
  PID=$!
  for _ in $(seq 100); do grep -q "Listening: line" "$WORK/server-$1.log" 2>/dev/null && break; sleep 0.1; done
  local target_port=$port; [ "$PROTOCOL" = irc ] && target_port=$((port + 1))
  timeout $((DURATION + 60)) dotnet "$BENCH" fanout --protocol "$PROTOCOL" --port "$target_port" --clients "$CLIENTS" \
    --senders "$SENDERS" --window "$WINDOW" --duration "$DURATION" --warmup "$WARMUP" --server-pid "$PID" --label "history-$1" --json "$WORK/results.jsonl" >/dev/null
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}

for _ in $(seq "$ROUNDS"); do run true; run false; done
python3 - "$WORK/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(label, key): return statistics.median(r[key] for r in rows if r["label"] == label)
print(f"{'':12} {'msg/s':>10} {'deliveries/s':>14} {'cpu µs/delivery':>16} {'p50 µs':>8} {'p99 µs':>8} {'lost':>5}")
for label in ("history-true", "history-false"):
    print(f"{label:12} {med(label,'sent_per_s'):10.0f} {med(label,'delivered_per_s'):14.0f} {med(label,'server_cpu_per_delivery_us'):16.2f} "
          f"{med(label,'latency_p50_us'):8.0f} {med(label,'latency_p99_us'):8.0f} {sum(r['lost'] for r in rows if r['label']==label):5d}")
cost = 1 - med("history-true", "delivered_per_s") / med("history-false", "delivered_per_s")
print(f"history costs {cost:.1%} of throughput (medians of {len(rows)//2} runs each)")
PY
