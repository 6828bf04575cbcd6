#!/usr/bin/env bash
# The rolling-deploy benchmark: a local cluster of its own behind nginx, RESTART_SOCKETS idle sockets opened
# through nginx (each its own session; round robin spreads them over the nodes), a steady stream of requests from
# other clients, then `deploy/local/cluster.sh restart node-1` (drain: closes paced by how fast the other node
# welcomes the clients, within a 40 s drain window here, as 8,500 sockets need on this 2-core machine; each
# with a reconnect hint; then start). Prints how the sockets node-1 held came back (close -> welcome, p50/p99/max),
# failed connection attempts, 1013 refusals, and the requests' latency before and during the move; stops the
# cluster at the end, also on failure or Ctrl-C.
#
#   scripts/restart-bench.sh                           2 nodes and 17,000 sockets (about 8,500 on node-1)
#   RESTART_NODES=3 RESTART_SOCKETS=9000 scripts/restart-bench.sh
#
# The sockets one process may hold are bounded by its open-file limit (ulimit -Hn); the load generator holds one
# per socket, each nginx worker two (the launcher starts as many workers as 20,000 sockets need). Results go to
# load-test/target/results/restart-*.json; the cluster's logs stay in RUN_DIR/logs.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/lib.sh"

RUN_DIR=${RUN_DIR:-$ROOT/load-test/target/restart-run}
RESTART_NODES=${RESTART_NODES:-2}
RESTART_SOCKETS=${RESTART_SOCKETS:-17000}
RESTART_RATE=${RESTART_RATE:-50}
LB_PORT=${LB_PORT:-18480}
NODE_PORT_BASE=${NODE_PORT_BASE:-18481}
MGMT_PORT_BASE=${MGMT_PORT_BASE:-18581}
WORKER_PORT_BASE=${WORKER_PORT_BASE:-18591}
RESTART_JAVA_OPTS=${RESTART_JAVA_OPTS:--Xms512m -Xmx4g -XX:+UseSerialGC -Dserver.tomcat.max-connections=65536 -Dbackchannel.intake.rate-limit.requests-per-second=0 -Dbackchannel.auth.sessions.per-second=0 -Dbackchannel.ws.drain-window=40s}
LOADTEST_JAVA_OPTS=${LOADTEST_JAVA_OPTS:--Xmx3g -XX:TieredStopAtLevel=1}
MVN_ARGS=${MVN_ARGS:-}

pick_jdk
ulimit -n "$(ulimit -Hn)"
launcher() {
  RUN_DIR=$RUN_DIR NODES=$RESTART_NODES WORKERS=1 LB_PORT=$LB_PORT NODE_PORT_BASE=$NODE_PORT_BASE \
    MGMT_PORT_BASE=$MGMT_PORT_BASE WORKER_PORT_BASE=$WORKER_PORT_BASE NODE_ID_PREFIX=restart-node- \
    WORKER_ID_PREFIX=restart-worker- JAVA_OPTS=$RESTART_JAVA_OPTS "$ROOT/deploy/local/cluster.sh" "$@"
}
cleanup() { launcher down >/dev/null 2>&1 || true; }
trap cleanup EXIT
trap 'exit 130' INT TERM

mkdir -p "$RUN_DIR"
say "building the load test (and the app jars if needed): ./mvnw -DskipTests package -pl load-test,web-node,backend-worker -am"
# shellcheck disable=SC2086
(cd "$ROOT" && ./mvnw -B -ntp -q $MVN_ARGS -DskipTests -Dspring-javaformat.skip=true \
  -pl load-test,web-node,backend-worker -am package) >"$RUN_DIR/build.log" 2>&1 ||
  { tail -n 30 "$RUN_DIR/build.log" >&2; fail "the build failed; see $RUN_DIR/build.log"; }
say "starting $RESTART_NODES web nodes, 1 worker and nginx on $LB_PORT (log: $RUN_DIR/up.log)"
SKIP_BUILD=1 launcher up >"$RUN_DIR/up.log" 2>&1 || { tail -n 30 "$RUN_DIR/up.log" >&2; fail "the cluster did not come up"; }
grep 'nginx' "$RUN_DIR/up.log" | grep -v started || true

nodes=""
for i in $(seq 1 "$RESTART_NODES"); do nodes+="${nodes:+,}http://127.0.0.1:$((NODE_PORT_BASE + i - 1))"; done
say "opening $RESTART_SOCKETS sockets through nginx, then restarting node-1"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $LOADTEST_JAVA_OPTS -jar "$ROOT"/load-test/target/load-test-*[0-9T].jar restart \
  --lb="http://127.0.0.1:$LB_PORT" --nodes="$nodes" --sockets="$RESTART_SOCKETS" --rate="$RESTART_RATE" \
  --restart="RUN_DIR=$RUN_DIR $ROOT/deploy/local/cluster.sh restart node-1"
