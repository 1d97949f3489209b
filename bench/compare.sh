#!/usr/bin/env bash
# Runs the same parley-bench scenarios against ngircd, InspIRCd, Parley and the floor (a bare C
# relay, bench/peers/floor-relay.c: what this machine and generator allow at all), one server at
# a time (the machine has 2 cores: running them side by side would measure contention), and
# writes bench/results/<date>.md with each metric's ratio to Parley.
#
#   bench/compare.sh [--quick] [--pin] [--cold] [--only "…"] [--servers "ngircd inspircd parley floor"]
#
#   --quick   short runs (3 s measured, small client counts) for a sanity check
#   --pin     server on core 0, generator on core 1 (taskset), so neither steals the other's core
#   --cold    no warm-up: measure each server from its first seconds (see run_warmup)
#   --only "SCENARIO;SCENARIO"  run only these (parley-bench arguments, e.g. "fanout --clients 100 --senders 10")
#
# Loopback only: every server listens on 127.0.0.1 and the generator spreads its clients over
# 127.0.0.1-4 as source addresses. Every wait is bounded; every process started here is
# stopped by its PID on exit (trap).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUICK=0
PIN=0
COLD=0
ONLY=""
SERVERS="ngircd inspircd parley floor"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --quick) QUICK=1 ;;
        --pin) PIN=1 ;;
        --cold) COLD=1 ;;
        --only) ONLY="$2"; shift ;;
        --servers) SERVERS="$2"; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done
WARMUP_SECONDS=$([[ $QUICK == 1 ]] && echo 2 || echo 8)
SOURCES=127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4   # the generator's source addresses

NGIRCD_PORT=16667
INSPIRCD_PORT=26667
PARLEY_PORT=36667
FLOOR_PORT=46667
START_TIMEOUT=30   # seconds for a server to accept connections before it is skipped
QUIET_TIMEOUT=60   # seconds a server may take to go quiet before a scenario starts anyway (see wait_quiet)
RUN_DIR="$(mktemp -d /tmp/parley-compare.XXXXXX)"
RESULTS="$RUN_DIR/results.jsonl"
SERVER_PID=""
INSPIRCD_MODULES=/usr/lib/inspircd/modules   # where Debian's inspircd package puts its modules
INSPIRCD_FASTREG=""   # how InspIRCd registration ran, for the report
: > "$RESULTS"
LOAD_BEFORE="$(cut -d" " -f1-3 /proc/loadavg)"

cleanup() {
    stop_server
    echo "run directory (logs): $RUN_DIR"
}
trap cleanup EXIT

log() { printf '\n### %s\n' "$*" >&2; }

install_peers() {
    local missing=()
    command -v ngircd >/dev/null || missing+=(ngircd)
    command -v inspircd >/dev/null || missing+=(inspircd)
    # Headers and compiler for bench/peers/m_bench_fastreg.cpp (see build_inspircd_module).
    [[ -f /usr/include/inspircd/inspircd.h ]] || missing+=(inspircd-dev)
    command -v g++ >/dev/null || missing+=(g++)   # brings gcc too, for the floor
    if [[ ${#missing[@]} -gt 0 ]]; then
        log "installing ${missing[*]} from Debian"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    fi
}

# Waits (bounded) until 127.0.0.1:$1 accepts a connection and the server process still lives.
wait_port() {
    local port="$1" i
    for ((i = 0; i < START_TIMEOUT * 10; i++)); do
        kill -0 "$SERVER_PID" 2>/dev/null || return 1
        if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    return 1
}

# InspIRCd completes registrations only on its once-per-second tick (see the end of
# bench/peers/inspircd.conf); the bench_fastreg module completes them right after NICK/USER.
# Built into the run directory beside links to the packaged modules (the config's moduledir).
build_inspircd_module() {
    local dir="$RUN_DIR/inspircd-modules" f
    mkdir -p "$dir"
    for f in "$INSPIRCD_MODULES"/*.so; do ln -sf "$f" "$dir/"; done
    # -fno-rtti: the packaged inspircd exports no type information for Module.
    g++ -std=c++11 -O2 -fPIC -shared -fno-rtti -I/usr/include/inspircd \
        -o "$dir/m_bench_fastreg.so" "$ROOT/bench/peers/m_bench_fastreg.cpp"
}

server_prefix() { if [[ $PIN == 1 ]]; then echo "taskset -c 0"; fi; }
# The generator completes its socket operations on the runtime's epoll thread instead of queueing each one to the
# thread pool: its receive loops only count and time lines. It then uses about a third less CPU per delivery and
# adds less of its own queueing to every server's latency (docs/benchmarks.md, "The instrument"). The generator
# only: every server, Parley included, runs with its own defaults.
bench_prefix() {
    echo "env DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1"
    if [[ $PIN == 1 ]]; then echo "taskset -c 1"; fi
}

start_server() {
    local name="$1"
    # shellcheck disable=SC2046
    case "$name" in
        ngircd)
            $(server_prefix) ngircd --nodaemon --config "$ROOT/bench/peers/ngircd.conf" \
                >"$RUN_DIR/ngircd.log" 2>&1 &
            SERVER_PID=$!; PORT=$NGIRCD_PORT ;;
        inspircd)
            sed "s#@RUNDIR@#$RUN_DIR#g" "$ROOT/bench/peers/inspircd.conf" >"$RUN_DIR/inspircd.conf"
            echo "Parley benchmark peer" >"$RUN_DIR/inspircd.motd"
            if build_inspircd_module >"$RUN_DIR/inspircd-module.log" 2>&1; then
                INSPIRCD_FASTREG="bench_fastreg module (registration completed right after NICK/USER)"
            else
                echo "WARNING: bench_fastreg did not build (see $RUN_DIR/inspircd-module.log);" \
                    "InspIRCd runs without it and every registration waits for its 1 s tick" >&2
                sed -i '/<module name="bench_fastreg">/d' "$RUN_DIR/inspircd.conf"
                INSPIRCD_FASTREG="WITHOUT bench_fastreg (did not build): each registration waits for the 1 s tick, churn and idle set-up measure that"
            fi
            # --runasroot: sessions and CI here run as root; InspIRCd refuses root otherwise.
            $(server_prefix) inspircd --nofork --runasroot --config="$RUN_DIR/inspircd.conf" \
                >"$RUN_DIR/inspircd.out" 2>&1 &
            SERVER_PID=$!; PORT=$INSPIRCD_PORT ;;
        parley)
            # The built apphost, not `dotnet run`: the latter is a parent SDK process, and the
            # PID we measure (CPU, RSS) must be the server's own.
            $(server_prefix) "$ROOT/src/Parley.Server/bin/Release/net10.0/parley-server" \
                --irc-port "$PARLEY_PORT" --flood-control false --data-dir "$RUN_DIR/parley-data" \
                >"$RUN_DIR/parley.log" 2>&1 &
            SERVER_PID=$!; PORT=$PARLEY_PORT ;;
        floor)
            # TCP_NODELAY as Parley sets it: with Nagle on, the relay's tail is above Parley's, so no floor for it.
            # Built once per run: the restart before idle reuses it.
            [[ -x "$RUN_DIR/floor-relay" ]] || gcc -O2 -DNODELAY -o "$RUN_DIR/floor-relay" "$ROOT/bench/peers/floor-relay.c"
            $(server_prefix) "$RUN_DIR/floor-relay" "$FLOOR_PORT" >"$RUN_DIR/floor.log" 2>&1 &
            SERVER_PID=$!; PORT=$FLOOR_PORT ;;
        *) echo "unknown server $name" >&2; return 1 ;;
    esac
    if ! wait_port "$PORT"; then
        echo "SKIP $name: not accepting on 127.0.0.1:$PORT within ${START_TIMEOUT}s (see $RUN_DIR)" >&2
        stop_server
        return 1
    fi
}

stop_server() {
    if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill "$SERVER_PID" 2>/dev/null || true
        local i
        for ((i = 0; i < 50; i++)); do
            kill -0 "$SERVER_PID" 2>/dev/null || break
            sleep 0.1
        done
        kill -9 "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    SERVER_PID=""
}

BENCH="$ROOT/bench/Parley.Bench/bin/Release/net10.0/parley-bench"

# Every server gets the same untimed load before its measured scenarios: messages in a room, private messages,
# and sessions that connect and quit, WARMUP_SECONDS each. A messenger server runs for days, and the figures are
# meant to describe that steady state; a JIT runtime (Parley's) compiles its hot paths again, optimised, during its
# first seconds under load, which is a start-up cost, not a per-message one. The native peers simply have
# nothing to warm. --cold skips this, to measure the first seconds too.
run_warmup() {
    local label="$1" w
    [[ $COLD == 1 ]] && return 0
    for w in "fanout --clients 100 --senders 10" "pm --clients 200 --rate 20" "churn --workers 8"; do
        log "$label: warm-up, $w (${WARMUP_SECONDS} s, not measured)"
        # shellcheck disable=SC2046,SC2086
        timeout 120 $(bench_prefix) "$BENCH" $w --duration "$WARMUP_SECONDS" --warmup 0 --drain 1 --port "$PORT" \
            --label "$label-warmup" --source-addresses "$SOURCES" \
            >>"$RUN_DIR/warmup.log" 2>&1 || echo "warm-up '$w' of $label failed (see $RUN_DIR/warmup.log)" >&2
    done
}

# Each scenario starts on a quiet server. After an overload (pm at 40,000/s) a server can still be working through
# what it had read before the generator left (Parley took about 6 s), and the next scenario would pay for it: churn
# measured right after it ran at half its rate. Waits until the server used less than a tenth of a core over half a
# second, for at most QUIET_TIMEOUT seconds, and says so when it waited.
wait_quiet() {
    local label="$1" tps start before after
    tps=$(getconf CLK_TCK)
    start=$SECONDS
    while ((SECONDS - start < QUIET_TIMEOUT)); do
        before=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null) || return 0
        sleep 0.5
        after=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat" 2>/dev/null) || return 0
        if (((after - before) * 20 < tps)); then
            break
        fi
    done
    if ((SECONDS - start > 1)); then
        log "$label: waited $((SECONDS - start)) s for the server to go quiet"
    fi
}

run_scenarios() {
    local label="$1" common
    if [[ $QUICK == 1 ]]; then
        common=(--duration 3 --warmup 1 --drain 2)
        scenarios=(
            "fanout --clients 100 --senders 10"
            "fanout --clients 100 --senders 10 --rate 100"
            "rooms --rooms 20 --members 5 --rate 10"
            "pm --clients 200 --rate 10"
            "churn --workers 4"
            "idle --clients 500"
        )
    else
        common=(--duration 10 --warmup 2 --drain 3)
        scenarios=(
            "fanout --clients 100 --senders 10"
            "fanout --clients 1000 --senders 10"
            "fanout --clients 100 --senders 10 --rate 100"
            "rooms --rooms 200 --members 10 --rate 10"
            "pm --clients 2000 --rate 5"
            "pm --clients 1000 --rate 40"
            "churn --workers 8"
            "idle --clients 19000"
        )
    fi
    if [[ -n "$ONLY" ]]; then
        IFS=';' read -r -a scenarios <<<"$ONLY"
    fi
    local s
    for s in "${scenarios[@]}"; do
        if [[ $s == idle* ]]; then
            # Memory per idle connection is measured on a fresh process: after the other scenarios a server's heap
            # and allocator hold freed memory that new connections reuse unseen (Parley's figure came out negative).
            log "$label: restarting for a fresh process before $s"
            stop_server
            start_server "$label" || return
        fi
        wait_quiet "$label"
        log "$label: $s"
        # shellcheck disable=SC2046,SC2086
        if ! timeout 300 $(bench_prefix) "$BENCH" $s "${common[@]}" --port "$PORT" --label "$label" \
            --server-pid "$SERVER_PID" --source-addresses "$SOURCES" \
            --json "$RESULTS"; then
            echo "FAILED $label: $s" >&2
        fi
        if ! kill -0 "$SERVER_PID" 2>/dev/null; then
            echo "$label died during '$s'; skipping its remaining scenarios" >&2
            return
        fi
    done
}

install_peers
log "building parley-bench and Parley.Server (Release)"
dotnet build -c Release "$ROOT/bench/Parley.Bench" -v quiet -nologo >/dev/null
dotnet build -c Release "$ROOT/src/Parley.Server" -v quiet -nologo >/dev/null || echo "Parley.Server did not build; it will be skipped" >&2

SKIPPED=()
for server in $SERVERS; do
    log "starting $server"
    if start_server "$server"; then
        run_warmup "$server"
        run_scenarios "$server"
        stop_server
    else
        SKIPPED+=("$server")
    fi
done

mkdir -p "$ROOT/bench/results"
OUT="$ROOT/bench/results/$(date +%Y-%m-%d-%H%M).md"
"$BENCH" report --input "$RESULTS" --baseline parley --output "$OUT" --title "Parley vs ngircd vs InspIRCd, and the floor ($(date +%F))"
{
    echo "## Run"
    echo
    echo "- mode: $([[ $QUICK == 1 ]] && echo quick || echo full), pinned: $([[ $PIN == 1 ]] && echo 'yes (server core 0, generator core 1)' || echo no), warm-up: $([[ $COLD == 1 ]] && echo 'none (--cold)' || echo "fanout, pm and churn, $WARMUP_SECONDS s each, unmeasured, for every server")"
    echo "- skipped (did not come up within ${START_TIMEOUT}s): ${SKIPPED[*]:-none}"
    echo "- machine: $(nproc) cores, $(uname -r), load average before the run: $LOAD_BEFORE"
    echo "- ngircd $(dpkg-query -W -f='${Version}' ngircd 2>/dev/null), inspircd $(dpkg-query -W -f='${Version}' inspircd 2>/dev/null), Parley $(git -C "$ROOT" rev-parse --short HEAD)"
    if [[ -n "$INSPIRCD_FASTREG" ]]; then echo "- InspIRCd registration: $INSPIRCD_FASTREG"; fi
    echo "- floor: bench/peers/floor-relay.c with TCP_NODELAY: one thread, no history, only the IRC parley-bench needs"
    # Settings given to Parley through the environment change what was measured, so they belong with the figures.
    # (The SDK's own DOTNET_CLI_*, DOTNET_NOLOGO and the like do not reach the server's runtime and are left out.)
    PARLEY_ENV="$(env | grep -E '^(Parley__|DOTNET_)' | grep -vE '^DOTNET_(CLI_|NOLOGO|GENERATE_ASPNET_CERTIFICATE|SKIP_FIRST_TIME|ROOT)' | sort | paste -sd ' ' -)"
    echo "- Parley settings from the environment: ${PARLEY_ENV:-none}"
    echo "- generator_cpu near 1.0 core means the generator, not the server, was the limit."
} >>"$OUT"
echo "wrote $OUT"
cat "$OUT"
