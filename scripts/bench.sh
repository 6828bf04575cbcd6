#!/usr/bin/env bash
# Measures Backchannel on this machine next to a hand-built Socket.IO stack (load-test/baseline) on the same broker
# and Redis, and sets its figures against the broker's and Redis' own:
#
#   1. starts the local cluster (deploy/local/cluster.sh) unless one already answers on the node ports, and the
#      baseline (load-test/baseline/run.sh) unless it answers on its ports or BENCH_BASELINE=0;
#   2. runs RabbitMQ PerfTest (one durable quorum queue, persistent 200-byte messages, publisher confirms,
#      manual acks) and redis-benchmark PUBLISH against the same broker and Redis;
#   3. warms both up with throughput rounds it throws away, until the rate settles;
#   4. runs each scenario (load-test module) against Backchannel, once for each way its clients may send requests
#      (BENCH_SUBMIT_OVER: HTTP, then over their sockets), then against the baseline: throughput, latency at each of
#      LATENCY_RATES, cross-node; connections against Backchannel only; CPU per job of every process from /proc;
#   5. prints a table of both systems with their ratios for each way (HTTP, sockets), against the targets of
#      docs/performance.md, and writes them to a summary.
#
#   scripts/bench.sh                  the full run (about fifteen minutes)
#   BENCH_SHORT=1 scripts/bench.sh    small numbers, about three minutes: to see that everything works
#
# Every setting below can be overridden by environment; docs/performance.md explains them. The figures are
# only worth something on an otherwise idle machine.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/lib.sh"

BENCH_SHORT=${BENCH_SHORT:-0}
BENCH_OUT=${BENCH_OUT:-$ROOT/load-test/target/bench/$(date -u +%Y%m%d-%H%M%S)}
BENCH_SCENARIOS=${BENCH_SCENARIOS:-throughput latency cross-node connections}
# 1 skips PerfTest and redis-benchmark (the summary then has no ratios to them).
BENCH_SKIP_REFERENCE=${BENCH_SKIP_REFERENCE:-0}
# 0 skips the baseline (the summary then has no ratios to it).
BENCH_BASELINE=${BENCH_BASELINE:-1}
# 1 leaves a cluster that this script started running at the end.
BENCH_KEEP_CLUSTER=${BENCH_KEEP_CLUSTER:-0}
# Open files wanted for this shell, the cluster it starts and the load test: every idle socket takes one on
# each side.
BENCH_NOFILE=${BENCH_NOFILE:-131072}
RUN_DIR=${RUN_DIR:-$ROOT/run}
NODES=${NODES:-3}
NODE_PORT_BASE=${NODE_PORT_BASE:-8081}
# The nodes' management ports (health, metrics), as deploy/local/cluster.sh numbers them.
MGMT_PORT_BASE=${MGMT_PORT_BASE:-8181}
LB_PORT=${LB_PORT:-8080}
# The baseline's servers and its PIDs and logs (load-test/baseline/run.sh).
BASELINE_PORT_BASE=${BASELINE_PORT_BASE:-3101}
BASELINE_SERVERS=${BASELINE_SERVERS:-3}
BASELINE_RUN_DIR=${BASELINE_RUN_DIR:-$RUN_DIR/baseline}
# For a cluster this script starts: full JIT, a heap large enough for tens of thousands of sockets on node-1,
# Tomcat past its default of 8192 connections, and no per-client rate limit (the throughput scenario measures
# capacity, not the policy; 50 clients x 50 requests/s would cap it at 2,500 jobs/s), nor on new identities per
# address (the connections scenario mints one per socket, all from loopback).
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx8g -XX:+UseSerialGC -Dserver.tomcat.max-connections=65536 -Dbackchannel.intake.rate-limit.requests-per-second=0 -Dbackchannel.auth.sessions.per-second=0}
# The load generator is not what is measured: C1 only, so that its JIT compiles little inside the measured windows.
LOADTEST_JAVA_OPTS=${LOADTEST_JAVA_OPTS:--Xmx2g -XX:TieredStopAtLevel=1}
MVN_ARGS=${MVN_ARGS:-}

if [ "$BENCH_SHORT" = 1 ]; then
  PERFTEST_SECONDS=${PERFTEST_SECONDS:-8}
  REDIS_REQUESTS=${REDIS_REQUESTS:-50000}
  THROUGHPUT_ARGS=${THROUGHPUT_ARGS:---clients=20 --warmup=3s --duration=8s}
  LATENCY_ARGS=${LATENCY_ARGS:---clients=20 --warmup=3s --duration=8s}
  CROSSNODE_ARGS=${CROSSNODE_ARGS:---rate=100 --clients=12 --duration=8s}
  CONNECTIONS_ARGS=${CONNECTIONS_ARGS:---counts=1000,2000 --sample=50}
  BENCH_WARMUP_ROUNDS=${BENCH_WARMUP_ROUNDS:-1}
  BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-5}
else
  PERFTEST_SECONDS=${PERFTEST_SECONDS:-30}
  REDIS_REQUESTS=${REDIS_REQUESTS:-200000}
  THROUGHPUT_ARGS=${THROUGHPUT_ARGS:---clients=50 --warmup=5s --duration=20s}
  LATENCY_ARGS=${LATENCY_ARGS:---clients=50 --warmup=5s --duration=20s}
  CROSSNODE_ARGS=${CROSSNODE_ARGS:---rate=200 --clients=30 --duration=15s}
  # Unset: the steps are fitted to the open-file limit (raise_nofile).
  CONNECTIONS_FIT=$([ -z "${CONNECTIONS_ARGS:-}" ] && echo 1 || echo 0)
  CONNECTIONS_ARGS=${CONNECTIONS_ARGS:---counts=10000,25000,50000 --sample=100}
  BENCH_WARMUP_ROUNDS=${BENCH_WARMUP_ROUNDS:-8}
  BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-30}
fi
# One latency run per rate (jobs/s), each against both systems; ignored when LATENCY_ARGS has a --rate of its own.
LATENCY_RATES=${LATENCY_RATES:-100 400}
# Which ways Backchannel's clients send requests, each measured against the same baseline: http (POST
# /api/requests, as the baseline's clients do) and socket (a submit frame on the client's own socket, as the JS
# client does when its node takes them). Results of socket runs are named <scenario>-socket.
BENCH_SUBMIT_OVER=${BENCH_SUBMIT_OVER:-http socket}
# Warm-up: throughput rounds thrown away until two in a row are within BENCH_WARMUP_STEADY percent of each
# other, at most BENCH_WARMUP_ROUNDS. Seven JVMs share two cores: C2 takes minutes to compile the hot paths, and
# a cold cluster measured a quarter of what the same cluster did warm (docs/performance.md).
BENCH_WARMUP_STEADY=${BENCH_WARMUP_STEADY:-10}
# PerfTest: one producer, one consumer, one queue (the broker's single-queue rate); extra flags are appended.
PERFTEST_QUEUE=${PERFTEST_QUEUE:-bc.bench.perftest}
PERFTEST_FLAGS=${PERFTEST_FLAGS:-}
REDIS_CLIENTS=${REDIS_CLIENTS:-50}
REDIS_PAYLOAD_BYTES=${REDIS_PAYLOAD_BYTES:-300}

JAR=$ROOT/load-test/target/load-test-0.1.0-SNAPSHOT.jar
PERFTEST_LIB=$ROOT/load-test/target/perftest/lib
NODE_URLS=$(for i in $(seq 1 "$NODES"); do printf 'http://127.0.0.1:%s,' $((NODE_PORT_BASE + i - 1)); done)
NODE_URLS=${NODE_URLS%,}
METRICS_URLS=$(for i in $(seq 1 "$NODES"); do printf 'http://127.0.0.1:%s/,' $((MGMT_PORT_BASE + i - 1)); done)
METRICS_URLS=${METRICS_URLS%,}
BASELINE_URLS=$(for i in $(seq 1 "$BASELINE_SERVERS"); do printf 'http://127.0.0.1:%s,' $((BASELINE_PORT_BASE + i - 1)); done)
BASELINE_URLS=${BASELINE_URLS%,}

STARTED_CLUSTER=0
STARTED_BASELINE=0
SUBSCRIBER_PID=
FAILED=()
# The processes whose CPU is measured, by system (--cpu of the load test).
CPU_BACKCHANNEL=
CPU_BASELINE=

cleanup() {
  local rc=$?
  if [ -n "$SUBSCRIBER_PID" ]; then kill "$SUBSCRIBER_PID" 2>/dev/null || true; fi
  if [ "$STARTED_BASELINE" = 1 ] && [ "$BENCH_KEEP_CLUSTER" != 1 ]; then
    say "stopping the baseline this script started (log: $BENCH_OUT/baseline-down.log)"
    baseline stop >"$BENCH_OUT/baseline-down.log" 2>&1 ||
      printf 'warning: the baseline did not stop cleanly; see %s\n' "$BENCH_OUT/baseline-down.log" >&2
  elif [ "$STARTED_BASELINE" = 1 ]; then
    say "left the baseline running (BENCH_KEEP_CLUSTER=1): BASELINE_RUN_DIR=$BASELINE_RUN_DIR load-test/baseline/run.sh stop"
  fi
  if [ "$STARTED_CLUSTER" = 1 ] && [ "$BENCH_KEEP_CLUSTER" != 1 ]; then
    say "stopping the cluster this script started"
    RUN_DIR=$RUN_DIR "$ROOT/deploy/local/cluster.sh" down >"$BENCH_OUT/cluster-down.log" 2>&1 ||
      printf 'warning: cluster.sh down failed; see %s\n' "$BENCH_OUT/cluster-down.log" >&2
  fi
  exit "$rc"
}

# Raises this shell's open-file limit (inherited by the cluster it starts and by the load test).
raise_nofile() {
  local soft
  soft=$(ulimit -n)
  if [ "$soft" != unlimited ] && [ "$soft" -lt "$BENCH_NOFILE" ]; then
    ulimit -Hn "$BENCH_NOFILE" 2>/dev/null || true
    ulimit -n "$BENCH_NOFILE" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  fi
  say "open files allowed here: $(ulimit -n) (wanted $BENCH_NOFILE; each idle socket takes one here and one on the node)"
  if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt "$BENCH_NOFILE" ]; then
    say "  too few for 50,000 sockets: as root raise the hard limit (ulimit -Hn $BENCH_NOFILE, or nofile in"
    say "  /etc/security/limits.conf) and run again; the connections scenario stops at the step that does not fit"
    # The most sockets that fit, a thousand at a time, with 2,000 files to spare, as the last step: the heap
    # per socket is then measured where the fixed part of the heap weighs least.
    local fit=$(( ($(ulimit -n) - 2000) / 1000 * 1000 ))
    if [ "${CONNECTIONS_FIT:-0}" = 1 ] && [ "$fit" -gt 10000 ]; then
      CONNECTIONS_ARGS="--counts=10000,$fit --sample=100"
      say "  connections scenario fitted to it: $CONNECTIONS_ARGS"
    fi
  fi
}

build_jar() {
  local newest
  newest=$(find "$ROOT/load-test/src" "$ROOT/load-test/pom.xml" "$ROOT/shared-contracts/src" -newer "$JAR" -type f 2>/dev/null | head -1 || true)
  if [ -f "$JAR" ] && [ -z "$newest" ]; then
    say "load test jar is up to date: $JAR"
    return 0
  fi
  say "building the load test jar (log: $BENCH_OUT/build.log)"
  # shellcheck disable=SC2086
  (cd "$ROOT" && ./mvnw -B $MVN_ARGS -DskipTests package -pl load-test -am) >"$BENCH_OUT/build.log" 2>&1 ||
    fail "the build failed; see $BENCH_OUT/build.log"
}

node_ready() { [ "$(http_status 127.0.0.1 "$1" /actuator/health/readiness)" = 200 ]; }

http_status() { curl -s -o /dev/null -w '%{http_code}' --max-time 3 "http://$1:$2$3" || true; }

ensure_cluster() {
  local i ready=0
  for i in $(seq 1 "$NODES"); do
    node_ready $((MGMT_PORT_BASE + i - 1)) && ready=$((ready + 1))
  done
  if [ "$ready" = "$NODES" ]; then
    say "a cluster answers on $NODE_URLS: using it as it is (its JAVA_OPTS, heap and limits are its own)"
    return 0
  fi
  [ "$ready" = 0 ] || fail "only $ready of $NODES nodes answer on $NODE_URLS; stop that cluster or start the rest"
  say "starting the cluster: JAVA_OPTS=\"$BENCH_JAVA_OPTS\" deploy/local/cluster.sh up (log: $BENCH_OUT/cluster-up.log)"
  STARTED_CLUSTER=1
  JAVA_OPTS=$BENCH_JAVA_OPTS RUN_DIR=$RUN_DIR NODES=$NODES NODE_PORT_BASE=$NODE_PORT_BASE MGMT_PORT_BASE=$MGMT_PORT_BASE \
    LB_PORT=$LB_PORT \
    "$ROOT/deploy/local/cluster.sh" up >"$BENCH_OUT/cluster-up.log" 2>&1 ||
    fail "the cluster did not come up; see $BENCH_OUT/cluster-up.log (on a busy machine, READY_TIMEOUT=600 gives it longer)"
}

# The broker and Redis the cluster uses: the launcher's private ones if it started them, else loopback's.
service_port() {
  local file=$RUN_DIR/pids/$1.port
  if [ -s "$file" ]; then cat "$file"; else echo "$2"; fi
}

# load-test/baseline/run.sh COMMAND on the cluster's Redis and RabbitMQ.
baseline() {
  BASELINE_RUN_DIR=$BASELINE_RUN_DIR BASELINE_PORT_BASE=$BASELINE_PORT_BASE BASELINE_SERVERS=$BASELINE_SERVERS \
    REDIS_URL="redis://127.0.0.1:$(service_port redis "${REDIS_PORT:-6379}")" \
    AMQP_URL="amqp://${AMQP_USER:-guest}:${AMQP_PASSWORD:-guest}@127.0.0.1:$(service_port rabbitmq "${AMQP_PORT:-5672}")" \
    "$ROOT/load-test/baseline/run.sh" "$1"
}

ensure_baseline() {
  local i ready=0
  for i in $(seq 1 "$BASELINE_SERVERS"); do
    [ "$(http_status 127.0.0.1 $((BASELINE_PORT_BASE + i - 1)) /health)" = 200 ] && ready=$((ready + 1))
  done
  if [ "$ready" = "$BASELINE_SERVERS" ]; then
    say "a baseline answers on $BASELINE_URLS: using it as it is"
    return 0
  fi
  [ "$ready" = 0 ] || fail "only $ready of $BASELINE_SERVERS baseline servers answer on $BASELINE_URLS; stop them or start the rest"
  say "starting the baseline on Redis :$(service_port redis "${REDIS_PORT:-6379}") and RabbitMQ :$(service_port rabbitmq "${AMQP_PORT:-5672}"): load-test/baseline/run.sh start (log: $BENCH_OUT/baseline-up.log; its PIDs and logs: $BASELINE_RUN_DIR)"
  STARTED_BASELINE=1
  baseline start >"$BENCH_OUT/baseline-up.log" 2>&1 || fail "the baseline did not come up; see $BENCH_OUT/baseline-up.log"
}

# The PID of the process listening on loopback port $1, or nothing.
listener_pid() { ss -Htlnp "sport = :$1" 2>/dev/null | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1; }

# The recorded PIDs in directory $1 of the names matching $2 (a glob), joined by '+'.
recorded_pids() {
  local f pids=()
  for f in "$1"/$2.pid; do [ -s "$f" ] && pids+=("$(cat "$f")"); done
  (IFS=+ && echo "${pids[*]}")
}

# "NAME:PIDS," for --cpu, or nothing when PIDS is empty (and says so: WHERE tells where they were looked for).
cpu_group() {
  if [ -n "$2" ]; then printf '%s:%s,' "$1" "$2"; else say "  CPU: no process found for $1 ($3): left out" >&2; fi
}

# --cpu of the load test for each system: its web nodes and workers, and the RabbitMQ and Redis both use (the load
# test adds itself). nginx is not in the way: the load test talks to the nodes directly.
find_cpu_groups() {
  local shared
  shared=$(cpu_group rabbitmq "$(listener_pid "$(service_port rabbitmq "${AMQP_PORT:-5672}")")" "listening on the AMQP port")
  shared+=$(cpu_group redis "$(listener_pid "$(service_port redis "${REDIS_PORT:-6379}")")" "listening on the Redis port")
  CPU_BACKCHANNEL=$(cpu_group web "$(recorded_pids "$RUN_DIR/pids" 'node-*')" "$RUN_DIR/pids")
  CPU_BACKCHANNEL+=$(cpu_group workers "$(recorded_pids "$RUN_DIR/pids" 'worker-*')" "$RUN_DIR/pids")
  CPU_BACKCHANNEL+=$shared
  CPU_BACKCHANNEL=${CPU_BACKCHANNEL%,}
  if [ "$BENCH_BASELINE" = 1 ]; then
    CPU_BASELINE=$(cpu_group web "$(recorded_pids "$BASELINE_RUN_DIR/pids" 'server-*')" "$BASELINE_RUN_DIR/pids")
    CPU_BASELINE+=$(cpu_group workers "$(recorded_pids "$BASELINE_RUN_DIR/pids" 'worker-*')" "$BASELINE_RUN_DIR/pids")
    CPU_BASELINE+=$shared
    CPU_BASELINE=${CPU_BASELINE%,}
  fi
  say "CPU per job (utime+stime from /proc over each measured window) of: Backchannel ${CPU_BACKCHANNEL:-none}${CPU_BASELINE:+; baseline $CPU_BASELINE}; and the load generator"
}

run_perftest() {
  local port uri log=$BENCH_OUT/perftest.log
  port=$(service_port rabbitmq "${AMQP_PORT:-5672}")
  uri="amqp://${AMQP_USER:-guest}:${AMQP_PASSWORD:-guest}@127.0.0.1:$port"
  if ! ls "$PERFTEST_LIB"/perf-test-*.jar >/dev/null 2>&1; then
    say "fetching RabbitMQ PerfTest from Maven Central (load-test/perftest/pom.xml)"
    # shellcheck disable=SC2086
    (cd "$ROOT" && ./mvnw -B -q $MVN_ARGS -f load-test/perftest/pom.xml package) >"$BENCH_OUT/perftest-fetch.log" 2>&1 ||
      fail "could not fetch PerfTest; see $BENCH_OUT/perftest-fetch.log"
  fi
  say "PerfTest on 127.0.0.1:$port for $PERFTEST_SECONDS s: queue $PERFTEST_QUEUE (quorum, durable), persistent, 200 bytes, confirms, manual acks (log: $log)"
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" -cp "$PERFTEST_LIB/*" com.rabbitmq.perf.PerfTest --uri "$uri" --id bench \
    --queue "$PERFTEST_QUEUE" --quorum-queue --auto-delete false --flag persistent --confirm 100 --qos 100 \
    --size 200 --producers 1 --consumers 1 --time "$PERFTEST_SECONDS" $PERFTEST_FLAGS >"$log" 2>&1 ||
    say "  PerfTest exited with an error; see $log"
  "$JAVA_HOME/bin/java" -cp "$PERFTEST_LIB/*" "$ROOT/load-test/perftest/DeleteQueue.java" "$uri" "$PERFTEST_QUEUE" \
    >>"$log" 2>&1 || say "  could not delete $PERFTEST_QUEUE; see $log"
  PERFTEST_RATE=$(sed -nE 's/.*receiving rate avg: ([0-9.]+) msg\/s.*/\1/p' "$log" | tail -1)
  PERFTEST_SENT=$(sed -nE 's/.*sending rate avg: ([0-9.]+) msg\/s.*/\1/p' "$log" | tail -1)
  say "  PerfTest: received ${PERFTEST_RATE:-?} msg/s (sent ${PERFTEST_SENT:-?} msg/s)"
}

run_redis_benchmark() {
  local port log=$BENCH_OUT/redis-benchmark.log channel=bc:bench:publish payload
  port=$(service_port redis "${REDIS_PORT:-6379}")
  command -v redis-benchmark >/dev/null || apt_install redis-tools
  payload=$(head -c "$REDIS_PAYLOAD_BYTES" /dev/zero | tr '\0' x)
  # One subscriber, as a node would be: PUBLISH to a channel nobody listens on is cheaper.
  redis-cli -h 127.0.0.1 -p "$port" SUBSCRIBE "$channel" >/dev/null 2>&1 &
  SUBSCRIBER_PID=$!
  sleep 0.5
  say "redis-benchmark on 127.0.0.1:$port: $REDIS_REQUESTS PUBLISH of $REDIS_PAYLOAD_BYTES bytes, $REDIS_CLIENTS clients, one subscriber (log: $log)"
  redis-benchmark -h 127.0.0.1 -p "$port" -c "$REDIS_CLIENTS" -n "$REDIS_REQUESTS" --csv PUBLISH "$channel" "$payload" \
    >"$log" 2>&1 || say "  redis-benchmark exited with an error; see $log"
  kill "$SUBSCRIBER_PID" 2>/dev/null || true
  wait "$SUBSCRIBER_PID" 2>/dev/null || true
  SUBSCRIBER_PID=
  REDIS_RATE=$(awk -F'","' '/^"PUBLISH/ {print $2}' "$log" | tail -1)
  say "  redis-benchmark: ${REDIS_RATE:-?} PUBLISH/s"
}

# The nodes of system $1 (backchannel or baseline).
nodes_of() { if [ "$1" = baseline ]; then echo "$BASELINE_URLS"; else echo "$NODE_URLS"; fi; }

# Throughput rounds against system $1 whose figures are thrown away, until its rate settles (the JIT is done with
# the hot paths) or the rounds run out; 0 rounds skips it.
warm_up() {
  local system=$1 over=${2:-http} rounds=${3:-$BENCH_WARMUP_ROUNDS} round rate previous= dir=$BENCH_OUT/warmup
  [ "$rounds" -gt 0 ] || return 0
  mkdir -p "$dir"
  say "warming $system up$([ "$over" = socket ] && echo ', requests over the sockets'): throughput rounds of ${BENCH_WARMUP_SECONDS} s, thrown away, until two in a row are within ${BENCH_WARMUP_STEADY} % (at most $rounds; logs: $dir/)"
  for round in $(seq 1 "$rounds"); do
    local log=$dir/$system-$over-round-$round.log rc=0
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" $LOADTEST_JAVA_OPTS -jar "$JAR" throughput --system="$system" --nodes="$(nodes_of "$system")" \
      --clients=50 --warmup=2s --duration="${BENCH_WARMUP_SECONDS}s" --progress=10s --submit-over="$over" \
      --out="$dir/$system-$over-round-$round.json" >"$log" 2>&1 || rc=$?
    # 1: the round's figures failed (a cold system may complete nothing in its window); the scenarios check them.
    [ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "warm-up round $round of $system could not run (exit $rc); see $log"
    rate=$(sed -nE 's/.*"jobsPerSecond" *: *([0-9.]+).*/\1/p' "$dir/$system-$over-round-$round.json" | head -1)
    say "  round $round: ${rate:-?} jobs/s$([ "$rc" = 0 ] || echo " ($(grep -m1 '^FAILED' "$log" || echo FAILED); see $log)")"
    if [ -n "$previous" ] && [ -n "$rate" ] &&
      awk -v a="$previous" -v b="$rate" -v p="$BENCH_WARMUP_STEADY" 'BEGIN { d = b - a; if (d < 0) d = -d; exit !(d * 100 <= p * a) }'; then
      say "  steady: within ${BENCH_WARMUP_STEADY} % of the round before"
      return 0
    fi
    previous=$rate
  done
  if [ "$rounds" = 1 ]; then
    say "  one round only: not checked for a steady rate"
  else
    say "  not steady after $rounds rounds: the figures below may still be rising (raise BENCH_WARMUP_ROUNDS)"
  fi
}

# run_scenario SYSTEM NAME SCENARIO ARGS [OVER]: one run, its results in NAME.json (baseline-NAME.json for the
# baseline, NAME-socket.json for Backchannel's requests over its sockets).
run_scenario() {
  local system=$1 name=$2 scenario=$3 args=$4 over=${5:-http} rc file
  local extra=(--submit-over="$over")
  file=$name
  [ "$system" = baseline ] && file=baseline-$name
  [ "$over" = socket ] && file=$name-socket
  case $scenario in
    connections) extra=(--node="http://127.0.0.1:$NODE_PORT_BASE" --pid-file="$RUN_DIR/pids/node-1.pid") ;;
    cross-node) if [ "$system" = backchannel ]; then extra+=(--metrics="$METRICS_URLS"); fi ;;
    throughput | latency)
      if [ "$system" = baseline ] && [ -n "$CPU_BASELINE" ]; then extra+=(--cpu="$CPU_BASELINE"); fi
      if [ "$system" = backchannel ] && [ -n "$CPU_BACKCHANNEL" ]; then extra+=(--cpu="$CPU_BACKCHANNEL"); fi
      ;;
  esac
  say "$system$([ "$over" = socket ] && echo ' (requests over the sockets)'): scenario $scenario $args (log: $BENCH_OUT/$file.log)"
  set +e
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $LOADTEST_JAVA_OPTS -jar "$JAR" "$scenario" --system="$system" --nodes="$(nodes_of "$system")" \
    --out="$BENCH_OUT/$file.json" "${extra[@]}" $args 2>&1 | tee "$BENCH_OUT/$file.log"
  rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" != 0 ]; then
    FAILED+=("$system $name (exit $rc)")
  fi
}

# run_both NAME SCENARIO ARGS: Backchannel each way of BENCH_SUBMIT_OVER, then the baseline unless BENCH_BASELINE=0.
run_both() {
  local over
  for over in $BENCH_SUBMIT_OVER; do run_scenario backchannel "$@" "$over"; done
  if [ "$BENCH_BASELINE" = 1 ]; then run_scenario baseline "$@"; fi
}

main() {
  mkdir -p "$BENCH_OUT"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  say "benchmark$([ "$BENCH_SHORT" = 1 ] && echo ' (BENCH_SHORT=1: small numbers)')$([ "$BENCH_BASELINE" = 1 ] || echo ' without the baseline (BENCH_BASELINE=0)'); everything goes to $BENCH_OUT"
  pick_jdk
  raise_nofile
  build_jar
  ensure_cluster
  if [ "$BENCH_BASELINE" = 1 ]; then ensure_baseline; fi
  find_cpu_groups
  PERFTEST_RATE= REDIS_RATE=
  if [ "$BENCH_SKIP_REFERENCE" != 1 ]; then
    run_perftest
    run_redis_benchmark
  fi
  warm_up backchannel
  # The socket path shares everything past the intake with HTTP, warm by now: a few rounds for its own code.
  if [[ " $BENCH_SUBMIT_OVER " == *" socket "* ]]; then warm_up backchannel socket "$(( (BENCH_WARMUP_ROUNDS + 1) / 2 ))"; fi
  if [ "$BENCH_BASELINE" = 1 ]; then warm_up baseline; fi
  local scenario rate
  for scenario in $BENCH_SCENARIOS; do
    case $scenario in
      throughput) run_both throughput throughput "$THROUGHPUT_ARGS" ;;
      latency)
        if [[ " $LATENCY_ARGS" == *" --rate="* ]]; then
          run_both latency latency "$LATENCY_ARGS"
        else
          for rate in $LATENCY_RATES; do run_both "latency-$rate" latency "--rate=$rate $LATENCY_ARGS"; done
        fi
        ;;
      cross-node) run_both cross-node cross-node "$CROSSNODE_ARGS" ;;
      connections) run_scenario backchannel connections connections "$CONNECTIONS_ARGS" ;;
      *) fail "unknown scenario '$scenario' in BENCH_SCENARIOS" ;;
    esac
  done
  local reference=()
  [ -n "${PERFTEST_RATE:-}" ] && reference+=(--perftest-rate="$PERFTEST_RATE")
  [ -n "${REDIS_RATE:-}" ] && reference+=(--redis-publish-rate="$REDIS_RATE")
  say "summary: Backchannel against the baseline, the targets, and PerfTest's and redis-benchmark's rates"
  "$JAVA_HOME/bin/java" -jar "$JAR" summary --dir="$BENCH_OUT" --out="$BENCH_OUT/summary.json" "${reference[@]}" \
    2>&1 | tee "$BENCH_OUT/summary.txt" || FAILED+=("summary")
  echo
  say "done; in $BENCH_OUT:"
  echo "    summary.txt, summary.json          both systems side by side, ratios, targets"
  echo "    <scenario>.json, <scenario>.log    each Backchannel run's results file and output"
  echo "    baseline-<scenario>.json, .log     the same for the baseline"
  echo "    perftest.log, redis-benchmark.log  the reference runs"
  if [ ${#FAILED[@]} -gt 0 ]; then
    printf 'error: failed: %s (jobs lost or duplicated, or a run that could not be carried out)\n' "${FAILED[*]}" >&2
    return 1
  fi
}

main "$@"
