#!/usr/bin/env bash
# Runs the fault-injection suite: starts a local cluster of its own with the launcher (3 web nodes,
# 2 workers, nginx, a private Redis with AOF and a private RabbitMQ, on ports of their own), injects
# each fault under steady traffic (at least 2,000 requests from 120 clients per fault, 30 a second),
# prints a table, writes JSON results to fault-tests/target/faults/full/, and stops the cluster, also
# on failure or Ctrl-C. Exits non-zero when anything accepted was lost, a terminal update was shown
# twice or a request was refused. See docs/reliability.md.
#
#   scripts/faults.sh                                       the full suite (about 10 minutes on 2 cores)
#   FAULTS_ONLY=node-kill,redis-restart scripts/faults.sh   some faults only
#   FAULTS_REQUESTS=5000 FAULTS_RATE=40 scripts/faults.sh   more traffic
#   FAULTS_CLUSTERS=1 scripts/faults.sh                     on a Redis Cluster and a RabbitMQ cluster: theirs, then the nodes' and workers'
#   FAULTS_NETNS=0 scripts/faults.sh                        without the partition faults (they need root and ip netns)
#   SKIP_BUILD=1 scripts/faults.sh                          run the app jars as they are (build only the suite)
#
# The suite copies the launcher and the app jars under fault-tests/target/ before it starts the
# cluster, so a build that rewrites the jars meanwhile does not touch the running cluster.
# Every setting (FAULTS_CLIENTS, FAULTS_OUTAGE, FAULTS_LB_PORT, ...) is listed in
# fault-tests/src/main/java/io/backchannel/faults/SuiteSettings.java. MVN_ARGS go to Maven (e.g. -o).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/lib.sh

pick_jdk
MVN_ARGS=${MVN_ARGS:-}
# The suite and the app jars the launcher runs, in one build.
modules=web-node,backend-worker,fault-tests
[ "${SKIP_BUILD:-0}" = 1 ] && modules=fault-tests
say "building $modules (and what they need), output in fault-tests/target/build.log"
mkdir -p fault-tests/target
# shellcheck disable=SC2086
if ! ./mvnw -B -ntp -DskipTests -Dspring-javaformat.skip=true $MVN_ARGS -pl "$modules" -am package \
  >fault-tests/target/build.log 2>&1; then
  tail -n 40 fault-tests/target/build.log >&2
  fail "the build failed; see fault-tests/target/build.log"
fi

# The suite stops its cluster itself (also on SIGINT/SIGTERM, through a shutdown hook); this is the
# backstop for a JVM that did not get that far. down stops only what the launcher recorded.
if [ "${FAULTS_CLUSTERS:-0}" = 1 ]; then
  RUN_DIR=${FAULTS_RUN_DIR:-$ROOT/fault-tests/target/fault-cl-run}
else
  RUN_DIR=${FAULTS_RUN_DIR:-$ROOT/fault-tests/target/fault-run}
fi
cleanup() { [ -d "$RUN_DIR/pids" ] && RUN_DIR=$RUN_DIR deploy/local/cluster.sh down >/dev/null 2>&1 || true; }
trap cleanup EXIT

"$JAVA_HOME/bin/java" -cp "fault-tests/target/classes:$(cat fault-tests/target/classpath.txt)" \
  io.backchannel.faults.FaultSuite
