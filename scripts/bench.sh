#!/usr/bin/env bash
# Measures Backchannel on this machine and sets its figures against the broker's and Redis' own:
#
#   1. starts the local cluster (deploy/local/cluster.sh) unless one already answers on the node ports;
#   2. runs RabbitMQ PerfTest (one durable quorum queue, persistent 200-byte messages, publisher confirms,
#      manual acks) and redis-benchmark PUBLISH against the same broker and Redis;
#   3. warms the cluster up with throughput rounds it throws away, until the rate settles;
#   4. runs our scenarios (load-test module): throughput, latency, cross-node, connections;
#   5. prints our figures as ratios of theirs, against the targets of docs/performance.md, and writes a summary.
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
# 1 skips PerfTest and redis-benchmark (the summary then has no ratios).
BENCH_SKIP_REFERENCE=${BENCH_SKIP_REFERENCE:-0}
# 1 leaves a cluster that this script started running at the end.
BENCH_KEEP_CLUSTER=${BENCH_KEEP_CLUSTER:-0}
# Open files wanted for this shell, the cluster it starts and the load test: every idle socket takes one on
# each side.
BENCH_NOFILE=${BENCH_NOFILE:-131072}
RUN_DIR=${RUN_DIR:-$ROOT/run}
NODES=${NODES:-3}
NODE_PORT_BASE=${NODE_PORT_BASE:-8081}
LB_PORT=${LB_PORT:-8080}
# For a cluster this script starts: full JIT, a heap large enough for tens of thousands of sockets on node-1,
# Tomcat past its default of 8192 connections, and no per-client rate limit (the throughput scenario measures
# capacity, not the policy; 50 clients x 50 requests/s would cap it at 2,500 jobs/s).
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xms512m -Xmx8g -XX:+UseSerialGC -Dserver.tomcat.max-connections=65536 -Dbackchannel.intake.rate-limit.requests-per-second=0}
LOADTEST_JAVA_OPTS=${LOADTEST_JAVA_OPTS:--Xmx2g}
MVN_ARGS=${MVN_ARGS:-}

if [ "$BENCH_SHORT" = 1 ]; then
  PERFTEST_SECONDS=${PERFTEST_SECONDS:-8}
  REDIS_REQUESTS=${REDIS_REQUESTS:-50000}
  THROUGHPUT_ARGS=${THROUGHPUT_ARGS:---clients=20 --warmup=3s --duration=8s}
  LATENCY_ARGS=${LATENCY_ARGS:---rate=200 --clients=20 --warmup=3s --duration=8s}
  CROSSNODE_ARGS=${CROSSNODE_ARGS:---rate=100 --clients=12 --duration=8s}
  CONNECTIONS_ARGS=${CONNECTIONS_ARGS:---counts=1000,2000 --sample=50}
  BENCH_WARMUP_ROUNDS=${BENCH_WARMUP_ROUNDS:-1}
  BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-5}
else
  PERFTEST_SECONDS=${PERFTEST_SECONDS:-30}
  REDIS_REQUESTS=${REDIS_REQUESTS:-200000}
  THROUGHPUT_ARGS=${THROUGHPUT_ARGS:---clients=50 --warmup=5s --duration=20s}
  LATENCY_ARGS=${LATENCY_ARGS:---rate=1000 --clients=50 --warmup=5s --duration=20s}
  CROSSNODE_ARGS=${CROSSNODE_ARGS:---rate=200 --clients=30 --duration=15s}
  CONNECTIONS_ARGS=${CONNECTIONS_ARGS:---counts=10000,25000,50000 --sample=100}
  BENCH_WARMUP_ROUNDS=${BENCH_WARMUP_ROUNDS:-8}
  BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-30}
fi
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

STARTED_CLUSTER=0
SUBSCRIBER_PID=
FAILED=()

cleanup() {
  local rc=$?
  if [ -n "$SUBSCRIBER_PID" ]; then kill "$SUBSCRIBER_PID" 2>/dev/null || true; fi
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
    node_ready $((NODE_PORT_BASE + i - 1)) && ready=$((ready + 1))
  done
  if [ "$ready" = "$NODES" ]; then
    say "a cluster answers on $NODE_URLS: using it as it is (its JAVA_OPTS, heap and limits are its own)"
    return 0
  fi
  [ "$ready" = 0 ] || fail "only $ready of $NODES nodes answer on $NODE_URLS; stop that cluster or start the rest"
  say "starting the cluster: JAVA_OPTS=\"$BENCH_JAVA_OPTS\" deploy/local/cluster.sh up (log: $BENCH_OUT/cluster-up.log)"
  STARTED_CLUSTER=1
  JAVA_OPTS=$BENCH_JAVA_OPTS RUN_DIR=$RUN_DIR NODES=$NODES NODE_PORT_BASE=$NODE_PORT_BASE LB_PORT=$LB_PORT \
    "$ROOT/deploy/local/cluster.sh" up >"$BENCH_OUT/cluster-up.log" 2>&1 ||
    fail "the cluster did not come up; see $BENCH_OUT/cluster-up.log (on a busy machine, READY_TIMEOUT=600 gives it longer)"
}

# The broker and Redis the cluster uses: the launcher's private ones if it started them, else loopback's.
service_port() {
  local file=$RUN_DIR/pids/$1.port
  if [ -s "$file" ]; then cat "$file"; else echo "$2"; fi
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

# Throughput rounds whose figures are thrown away, until the cluster's rate settles (the JIT is done with the
# hot paths) or the rounds run out; 0 rounds skips it.
warm_up() {
  local round rate previous= dir=$BENCH_OUT/warmup
  [ "$BENCH_WARMUP_ROUNDS" -gt 0 ] || return 0
  mkdir -p "$dir"
  say "warming the cluster up: throughput rounds of ${BENCH_WARMUP_SECONDS} s, thrown away, until two in a row are within ${BENCH_WARMUP_STEADY} % (at most $BENCH_WARMUP_ROUNDS; logs: $dir/)"
  for round in $(seq 1 "$BENCH_WARMUP_ROUNDS"); do
    # shellcheck disable=SC2086
    "$JAVA_HOME/bin/java" $LOADTEST_JAVA_OPTS -jar "$JAR" throughput --nodes="$NODE_URLS" --clients=50 --warmup=2s \
      --duration="${BENCH_WARMUP_SECONDS}s" --progress=10s --out="$dir/round-$round.json" >"$dir/round-$round.log" 2>&1 ||
      fail "warm-up round $round failed; see $dir/round-$round.log"
    rate=$(sed -nE 's/.*"jobsPerSecond" *: *([0-9.]+).*/\1/p' "$dir/round-$round.json" | head -1)
    say "  round $round: ${rate:-?} jobs/s"
    if [ -n "$previous" ] && [ -n "$rate" ] &&
      awk -v a="$previous" -v b="$rate" -v p="$BENCH_WARMUP_STEADY" 'BEGIN { d = b - a; if (d < 0) d = -d; exit !(d * 100 <= p * a) }'; then
      say "  steady: within ${BENCH_WARMUP_STEADY} % of the round before"
      return 0
    fi
    previous=$rate
  done
  if [ "$BENCH_WARMUP_ROUNDS" = 1 ]; then
    say "  one round only (BENCH_WARMUP_ROUNDS=1): not checked for a steady rate"
  else
    say "  not steady after $BENCH_WARMUP_ROUNDS rounds: the figures below may still be rising (raise BENCH_WARMUP_ROUNDS)"
  fi
}

run_scenario() {
  local scenario=$1 args=$2 rc
  local extra=()
  if [ "$scenario" = connections ]; then
    extra=(--node="http://127.0.0.1:$NODE_PORT_BASE" --pid-file="$RUN_DIR/pids/node-1.pid")
  fi
  say "scenario $scenario $args (log: $BENCH_OUT/$scenario.log)"
  set +e
  # shellcheck disable=SC2086
  "$JAVA_HOME/bin/java" $LOADTEST_JAVA_OPTS -jar "$JAR" "$scenario" --nodes="$NODE_URLS" \
    --out="$BENCH_OUT/$scenario.json" "${extra[@]}" $args 2>&1 | tee "$BENCH_OUT/$scenario.log"
  rc=${PIPESTATUS[0]}
  set -e
  if [ "$rc" != 0 ]; then
    FAILED+=("$scenario (exit $rc)")
  fi
}

main() {
  mkdir -p "$BENCH_OUT"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  say "benchmark$([ "$BENCH_SHORT" = 1 ] && echo ' (BENCH_SHORT=1: small numbers)'); everything goes to $BENCH_OUT"
  pick_jdk
  raise_nofile
  build_jar
  ensure_cluster
  PERFTEST_RATE= REDIS_RATE=
  if [ "$BENCH_SKIP_REFERENCE" != 1 ]; then
    run_perftest
    run_redis_benchmark
  fi
  warm_up
  local scenario args
  for scenario in $BENCH_SCENARIOS; do
    case $scenario in
      throughput) args=$THROUGHPUT_ARGS ;;
      latency) args=$LATENCY_ARGS ;;
      cross-node) args=$CROSSNODE_ARGS ;;
      connections) args=$CONNECTIONS_ARGS ;;
      *) fail "unknown scenario '$scenario' in BENCH_SCENARIOS" ;;
    esac
    run_scenario "$scenario" "$args"
  done
  local reference=()
  [ -n "${PERFTEST_RATE:-}" ] && reference+=(--perftest-rate="$PERFTEST_RATE")
  [ -n "${REDIS_RATE:-}" ] && reference+=(--redis-publish-rate="$REDIS_RATE")
  say "summary (our figures against PerfTest's and redis-benchmark's, and the targets)"
  "$JAVA_HOME/bin/java" -jar "$JAR" summary --dir="$BENCH_OUT" --out="$BENCH_OUT/summary.json" "${reference[@]}" \
    2>&1 | tee "$BENCH_OUT/summary.txt" || FAILED+=("summary")
  echo
  say "done; in $BENCH_OUT:"
  echo "    summary.txt, summary.json      our figures as ratios of the references, against the targets"
  echo "    <scenario>.json, <scenario>.log  each scenario's results file and output"
  echo "    perftest.log, redis-benchmark.log  the reference runs"
  if [ ${#FAILED[@]} -gt 0 ]; then
    printf 'error: failed: %s (jobs lost or duplicated, or a run that could not be carried out)\n' "${FAILED[*]}" >&2
    return 1
  fi
}

main "$@"
