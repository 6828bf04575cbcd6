#!/usr/bin/env bash
# The rolling-deploy benchmark: a local cluster of its own behind nginx, RESTART_SOCKETS idle sockets opened
# through nginx (each its own session; round robin spreads them over the nodes), a steady stream of requests from
# other clients, then `deploy/local/cluster.sh restart node-1` (drain: closes paced by how fast the other nodes
# welcome the clients, within a 60 s drain window here, for the 10,200 sockets of node-1 on this 2-core machine;
# each with a reconnect hint; then start). Prints how the sockets node-1 held came back (close -> welcome,
# p50/p99/max), failed connection attempts, 1013 refusals, and the requests' latency before and during the move;
# stops the cluster at the end, also on failure or Ctrl-C.
#
#   scripts/restart-bench.sh                           3 nodes and 30,600 sockets (about 10,200 on node-1)
#   RESTART_NODES=2 RESTART_SOCKETS=17000 scripts/restart-bench.sh
#   RESTART_SOCKETS=3000 RESTART_GENERATORS=3 scripts/restart-bench.sh   a short run, its sockets over 3 processes
#
# Every process holds one open file per socket, and the hard open-file limit (ulimit -Hn; 20,000 here) is per
# process. So the load generator splits the sockets over as many processes as the limit calls for, each holding
# at most the limit less 1,000 (RESTART_GENERATORS overrides the number); nginx, two files per socket, gets as many
# workers as LB_SOCKETS (the sockets and 1,000 more) need; and a web node holds its third of the sockets plus its
# share of node-1's after the restart, which with 30,600 sockets over 3 nodes stays under the limit. Results go to
# load-test/target/results/restart-*.json; the cluster's logs stay in RUN_DIR/logs.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/scripts/lib.sh"

RUN_DIR=${RUN_DIR:-$ROOT/load-test/target/restart-run}
RESTART_NODES=${RESTART_NODES:-3}
RESTART_SOCKETS=${RESTART_SOCKETS:-30600}
# Load generator processes; by default as many as the open-file limit calls for (below).
RESTART_GENERATORS=${RESTART_GENERATORS:-}
RESTART_RATE=${RESTART_RATE:-50}
LB_PORT=${LB_PORT:-18480}
NODE_PORT_BASE=${NODE_PORT_BASE:-18481}
MGMT_PORT_BASE=${MGMT_PORT_BASE:-18581}
WORKER_PORT_BASE=${WORKER_PORT_BASE:-18591}
RESTART_JAVA_OPTS=${RESTART_JAVA_OPTS:--Xms512m -Xmx4g -XX:+UseSerialGC -Dserver.tomcat.max-connections=65536 -Dbackchannel.intake.rate-limit.requests-per-second=0 -Dbackchannel.auth.sessions.per-second=0 -Dbackchannel.ws.drain-window=60s}
# Each load generator process gets these too.
LOADTEST_JAVA_OPTS=${LOADTEST_JAVA_OPTS:--Xmx3g -XX:TieredStopAtLevel=1}
# How long the restart waits for node-1 to stop before it kills it: the drain window and the rest of the
# shutdown, which the launcher's default 60 s would cut short.
RESTART_STOP_TIMEOUT=${RESTART_STOP_TIMEOUT:-150}
MVN_ARGS=${MVN_ARGS:-}

pick_jdk
ulimit -n "$(ulimit -Hn)"
files=$(ulimit -Hn)
if [ -z "$RESTART_GENERATORS" ] && [ "$files" = unlimited ]; then
  RESTART_GENERATORS=1
elif [ -z "$RESTART_GENERATORS" ]; then
  # Each keeps 1,000 files for the rest: jars, the request clients' sockets, the JVM's own.
  per_process=$((files - 1000))
  [ "$per_process" -ge 1000 ] || fail "the open-file limit (ulimit -Hn: $files) leaves a load generator no room for sockets"
  RESTART_GENERATORS=$(( (RESTART_SOCKETS + per_process - 1) / per_process ))
fi
[[ $RESTART_GENERATORS =~ ^[1-9][0-9]*$ ]] || fail "RESTART_GENERATORS must be a whole number above 0, not '$RESTART_GENERATORS'"
LB_SOCKETS=$((RESTART_SOCKETS + 1000))
# Each generator goes through a loopback address of its own (127.0.0.1, 127.0.0.2, ...), and one
# address takes about 28,000 sockets from this host, so nginx listens on one per generator.
LB_ADDRESSES=$RESTART_GENERATORS
launcher() {
  RUN_DIR=$RUN_DIR NODES=$RESTART_NODES WORKERS=1 LB_SOCKETS=$LB_SOCKETS LB_ADDRESSES=$LB_ADDRESSES LB_PORT=$LB_PORT NODE_PORT_BASE=$NODE_PORT_BASE \
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
say "opening $RESTART_SOCKETS sockets through nginx from $RESTART_GENERATORS load generator process(es), then restarting node-1"
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" $LOADTEST_JAVA_OPTS -jar "$ROOT"/load-test/target/load-test-*[0-9T].jar restart \
  --lb="http://127.0.0.1:$LB_PORT" --nodes="$nodes" --sockets="$RESTART_SOCKETS" --generators="$RESTART_GENERATORS" \
  --rate="$RESTART_RATE" \
  --restart="STOP_TIMEOUT=$RESTART_STOP_TIMEOUT RUN_DIR=$RUN_DIR $ROOT/deploy/local/cluster.sh restart node-1"
