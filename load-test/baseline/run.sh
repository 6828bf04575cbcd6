#!/usr/bin/env bash
# The baseline of the benchmark: three Socket.IO servers and two workers (Node), on a RabbitMQ and a Redis that
# already run (by default those on loopback; scripts/bench.sh points it at the ones its cluster uses).
#
#   load-test/baseline/run.sh start    npm ci if needed, declare the queues, start servers and workers, wait for them
#   load-test/baseline/run.sh status   what runs
#   load-test/baseline/run.sh stop     stop exactly the processes `start` recorded, delete the queues
#
# Settings by environment: BASELINE_RUN_DIR (PIDs and logs), BASELINE_PORT_BASE (first server's port, 3101),
# BASELINE_SERVERS (3), BASELINE_WORKERS (2), AMQP_URL, REDIS_URL, READY_TIMEOUT (60 s), STOP_TIMEOUT (20 s).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$ROOT/scripts/lib.sh"

BASELINE_RUN_DIR_GIVEN=${BASELINE_RUN_DIR:-}
BASELINE_RUN_DIR=${BASELINE_RUN_DIR:-${RUN_DIR:-$ROOT/run}/baseline}
BASELINE_PORT_BASE=${BASELINE_PORT_BASE:-3101}
BASELINE_SERVERS=${BASELINE_SERVERS:-3}
BASELINE_WORKERS=${BASELINE_WORKERS:-2}
AMQP_URL=${AMQP_URL:-amqp://guest:guest@127.0.0.1:5672}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
READY_TIMEOUT=${READY_TIMEOUT:-60}
STOP_TIMEOUT=${STOP_TIMEOUT:-20}
# The helpers of lib.sh keep their records under $RUN_DIR.
RUN_DIR=$BASELINE_RUN_DIR

# What `start` settled on, for `stop` and `status` (readable by the owner only: the broker URL holds a password).
SETTINGS_SAVED=(AMQP_URL REDIS_URL BASELINE_PORT_BASE BASELINE_SERVERS BASELINE_WORKERS)
save_settings() {
  (umask 077 && declare -p "${SETTINGS_SAVED[@]}" | sed 's/^declare -[a-z-]* /declare -g /' >"$RUN_DIR/settings")
}
load_settings() {
  # shellcheck disable=SC1091
  if [ -f "$RUN_DIR/settings" ]; then . "$RUN_DIR/settings"; fi
}

# The broker's address without its password, for messages.
amqp_address() { sed -E 's|//[^@/]*@|//|' <<<"$AMQP_URL"; }

server_names() { for i in $(seq 1 "$BASELINE_SERVERS"); do echo "server-$i"; done; }
worker_names() { for i in $(seq 1 "$BASELINE_WORKERS"); do echo "worker-$i"; done; }

# npm ci when node_modules is missing or older than the lock file (npm writes node_modules/.package-lock.json).
install_if_needed() {
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || fail "node $(node --version) is too old: the baseline needs node 20 or newer"
  if [ -f "$HERE/node_modules/.package-lock.json" ] && [ ! "$HERE/package-lock.json" -nt "$HERE/node_modules/.package-lock.json" ]; then
    say "node_modules is up to date (node $(node --version))"
    return 0
  fi
  say "npm ci in $HERE (log: $RUN_DIR/logs/npm-ci.log)"
  (cd "$HERE" && npm ci --no-audit --no-fund) >"$RUN_DIR/logs/npm-ci.log" 2>&1 ||
    fail "npm ci failed; see $RUN_DIR/logs/npm-ci.log"
}

server_ready() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$1/health" || true)" = 200 ]; }

worker_ready() { grep -q ' consuming ' "$RUN_DIR/logs/$1.log" 2>/dev/null; }

wait_for() {
  local pending=("$@") still name started=$SECONDS
  say "waiting for ${pending[*]} (at most ${READY_TIMEOUT} s)"
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for name in "${pending[@]}"; do
      if ! running "$name"; then
        tail -n 20 "$RUN_DIR/logs/$name.log" >&2 || true
        fail "$name exited before it was ready; see $RUN_DIR/logs/$name.log"
      fi
      case $name in
        server-*) server_ready "$(cat "$RUN_DIR/pids/$name.port")" || still+=("$name") ;;
        worker-*) worker_ready "$name" || still+=("$name") ;;
      esac
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    [ $((SECONDS - started)) -lt "$READY_TIMEOUT" ] || fail "not ready after ${READY_TIMEOUT} s: ${pending[*]} (logs in $RUN_DIR/logs)"
    sleep 0.5
  done
  say "  ready after $((SECONDS - started)) s"
}

queues() {
  (cd "$HERE" && AMQP_URL=$AMQP_URL NODE_ID=baseline-queues node queues.js "$1") >>"$RUN_DIR/logs/queues.log" 2>&1
}

cmd_start() {
  mkdir -p "$RUN_DIR/pids" "$RUN_DIR/logs"
  local name port i
  for name in $(recorded_names); do
    running "$name" && fail "the baseline in $RUN_DIR is running ($name, pid $(pid_of "$name")); stop it with '$0 stop'"
    forget "$name"
  done
  for i in $(seq 1 "$BASELINE_SERVERS"); do
    port=$((BASELINE_PORT_BASE + i - 1))
    port_open 127.0.0.1 "$port" && fail "port $port is in use; choose another BASELINE_PORT_BASE"
  done
  say "baseline: $BASELINE_SERVERS Socket.IO servers from port $BASELINE_PORT_BASE, $BASELINE_WORKERS workers; RabbitMQ $(amqp_address), Redis $REDIS_URL; PIDs and logs in $RUN_DIR"
  rm -f "$RUN_DIR"/logs/*.log
  install_if_needed
  save_settings
  queues declare || fail "could not declare the queues on $(amqp_address); see $RUN_DIR/logs/queues.log"
  say "declared the queues baseline.jobs and baseline.replies (quorum)"
  trap 'printf "error: start did not complete; stopping what it started\n" >&2; cmd_stop >&2 || true' EXIT
  for i in $(seq 1 "$BASELINE_SERVERS"); do
    port=$((BASELINE_PORT_BASE + i - 1))
    launch "server-$i" "Socket.IO server baseline-$i on http://127.0.0.1:$port/" \
      env PORT="$port" NODE_ID="baseline-$i" AMQP_URL="$AMQP_URL" REDIS_URL="$REDIS_URL" node "$HERE/server.js"
    echo "$port" >"$RUN_DIR/pids/server-$i.port"
  done
  for i in $(seq 1 "$BASELINE_WORKERS"); do
    launch "worker-$i" "worker baseline-worker-$i" \
      env NODE_ID="baseline-worker-$i" AMQP_URL="$AMQP_URL" node "$HERE/worker.js"
  done
  # shellcheck disable=SC2046
  wait_for $(server_names) $(worker_names)
  trap - EXIT
  say "the baseline is up; logs: $RUN_DIR/logs/, status: $0 status, stop: $0 stop${BASELINE_RUN_DIR_GIVEN:+ (with BASELINE_RUN_DIR=$RUN_DIR)}"
}

cmd_stop() {
  if [ ! -d "$RUN_DIR/pids" ]; then
    say "no baseline recorded in $RUN_DIR: nothing to stop"
    return 0
  fi
  local rc=0
  # shellcheck disable=SC2046
  stop_group $(server_names) $(worker_names) || rc=1
  for name in $(recorded_names); do stop_group "$name" || rc=1; done
  if queues delete; then
    say "deleted the queues baseline.jobs and baseline.replies"
  else
    say "could not delete the queues on $(amqp_address); see $RUN_DIR/logs/queues.log"
  fi
  return "$rc"
}

cmd_status() {
  local name
  if [ -z "$(recorded_names 2>/dev/null)" ]; then
    say "not running (nothing recorded in $RUN_DIR/pids)"
    return 0
  fi
  for name in $(recorded_names); do
    printf '    %-10s pid %-8s %-12s %s\n' "$name" "$(pid_of "$name")" "$(running "$name" && echo running || echo 'NOT RUNNING')" \
      "$(cat "$RUN_DIR/pids/$name.info" 2>/dev/null || true)"
  done
}

case ${1:-} in
  start) cmd_start ;;
  stop) load_settings && cmd_stop ;;
  status) load_settings && cmd_status ;;
  *) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
