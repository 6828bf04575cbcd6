#!/usr/bin/env bash
# Backchannel on one machine: N web nodes and M workers behind nginx, on Redis and RabbitMQ.
#
#   deploy/local/cluster.sh up            build what is missing, start everything, wait until ready
#   deploy/local/cluster.sh status        what runs, with the nodes' readiness
#   deploy/local/cluster.sh logs [name]   follow the logs (name: node-1, worker-1, nginx, redis, rabbitmq)
#   deploy/local/cluster.sh down          stop what `up` started, by the PIDs it recorded
#   deploy/local/cluster.sh kill|stop|start|restart NAME   one part: node-N, worker-N, redis(-N), rabbitmq(-N)
#   deploy/local/cluster.sh freeze|thaw NAME               SIGSTOP / SIGCONT: a part that hangs, holding its connections
#   deploy/local/cluster.sh partition node-N redis|rabbitmq|front, heal node-N   (with NETNS_NODE=N) cut one link
#
# Works with no configuration; every setting below can be overridden by environment. Everything it
# starts listens on loopback only. It uses Redis and RabbitMQ where they answer on the configured
# addresses and leaves them alone; otherwise it starts private ones with their data under the run
# directory. Missing binaries are installed with apt-get when run as root on Debian (without starting
# their system services); otherwise it says what to install. See deploy/local/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$ROOT/scripts/lib.sh"

RUN_DIR=${RUN_DIR:-$ROOT/run}
NODES=${NODES:-3}
WORKERS=${WORKERS:-2}
LB_PORT=${LB_PORT:-8080}
NODE_PORT_BASE=${NODE_PORT_BASE:-8081}
# The nodes' management ports (actuator: health, readiness, metrics), which nginx does not forward.
MGMT_PORT_BASE=${MGMT_PORT_BASE:-8181}
# Workers serve only their actuator (health, metrics) over HTTP.
WORKER_PORT_BASE=${WORKER_PORT_BASE:-9091}
# anonymous: identities from POST /api/sessions; jwt: the nodes take JWTs of a development identity
# provider this script starts (deploy/local/dev-idp.mjs, on IDP_PORT, reachable through nginx at /idp/).
AUTH_MODE=${AUTH_MODE:-anonymous}
IDP_PORT=${IDP_PORT:-8090}
NODE_ID_PREFIX=${NODE_ID_PREFIX:-node-}
WORKER_ID_PREFIX=${WORKER_ID_PREFIX:-worker-}
REDIS_HOST=${REDIS_HOST:-127.0.0.1}
REDIS_PORT=${REDIS_PORT:-6379}
AMQP_HOST=${AMQP_HOST:-127.0.0.1}
AMQP_PORT=${AMQP_PORT:-5672}
AMQP_USER=${AMQP_USER:-guest}
AMQP_PASSWORD=${AMQP_PASSWORD:-guest}
# Private instances, used only when nothing answers on the addresses above. 15672 is left to the
# management UI of a system RabbitMQ; the Erlang distribution gets its own port and its own epmd.
PRIVATE_REDIS_PORT=${PRIVATE_REDIS_PORT:-16379}
PRIVATE_AMQP_PORT=${PRIVATE_AMQP_PORT:-15673}
PRIVATE_AMQP_DIST_PORT=${PRIVATE_AMQP_DIST_PORT:-25673}
PRIVATE_EPMD_PORT=${PRIVATE_EPMD_PORT:-14369}
PRIVATE_AMQP_NODENAME=${PRIVATE_AMQP_NODENAME:-backchannel-local@localhost}
# REDIS_CLUSTER=1: a Redis Cluster of six private redis-server processes (three primaries with a
# replica each) on REDIS_CLUSTER_PORT_BASE.., parts redis-1..redis-6, instead of one Redis.
REDIS_CLUSTER=${REDIS_CLUSTER:-0}
REDIS_CLUSTER_PORT_BASE=${REDIS_CLUSTER_PORT_BASE:-17001}
# On the Redis Cluster, how many replicas must hold a write a client is owed (WAIT) before the node goes on.
REDIS_REPLICA_ACKS=${REDIS_REPLICA_ACKS:-1}
# RABBITMQ_CLUSTER=1: a cluster of three private RabbitMQ nodes (parts rabbitmq-1..3, AMQP ports
# PRIVATE_AMQP_PORT upwards) instead of one broker; quorum queues get a replica on each.
RABBITMQ_CLUSTER=${RABBITMQ_CLUSTER:-0}
AMQP_ADDRESSES=""
REDIS_CLUSTER_NODES=""
# NETNS_NODE=N: web node N runs in a network namespace of its own, joined to this host by three veth
# links: one to Redis, one to RabbitMQ, one for nginx and clients. `partition node-N redis` (or
# rabbitmq, or front) takes one link down, and the node is cut off from that service alone while
# everything else goes on; `heal node-N` brings the links up again. Needs root, `ip netns`, and the
# launcher's private Redis and RabbitMQ, which then listen on their link as well as on loopback.
# The links are host-internal: nothing leaves the machine.
NETNS_NODE=${NETNS_NODE:-}
# The links' /30 networks: NETNS_PREFIX.0 (Redis), .4 (RabbitMQ), .8 (nginx and clients).
NETNS_PREFIX=${NETNS_PREFIX:-10.231.0}
# Small heaps and a quick start: five JVMs share a laptop.
JAVA_OPTS=${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
READY_TIMEOUT=${READY_TIMEOUT:-180}
STOP_TIMEOUT=${STOP_TIMEOUT:-60}
SKIP_BUILD=${SKIP_BUILD:-0}
# The web nodes' Spring profiles: demo serves the demo page and accepts the demo worker's job types.
NODE_PROFILES=${NODE_PROFILES:-demo}
MVN_ARGS=${MVN_ARGS:-}
NGINX=${NGINX:-/usr/sbin/nginx}
# How many proxied sockets nginx must hold at once: where the open-file limit of a process is
# low, it gets as many worker processes as that takes (up to 8).
LB_SOCKETS=${LB_SOCKETS:-20000}
# The loopback addresses nginx listens on, 127.0.0.1 and up: one client host reaches one address
# and port over about 28,000 ephemeral ports, so by default one address per 25,000 LB_SOCKETS.
LB_ADDRESSES=${LB_ADDRESSES:-$(( (LB_SOCKETS + 24999) / 25000 ))}

WEB_JAR=$ROOT/web-node/target/web-node-0.1.0-SNAPSHOT-exec.jar
WORKER_JAR=$ROOT/backend-worker/target/backend-worker-0.1.0-SNAPSHOT-exec.jar
RABBITMQ_SERVER=${RABBITMQ_SERVER:-/usr/lib/rabbitmq/bin/rabbitmq-server}
SELF=$0

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

plural() { if [ "$1" = 1 ]; then echo "1 $2"; else echo "$1 $2s"; fi; }

# Every part is started, recorded and stopped by PID with the helpers of scripts/lib.sh (launch,
# running, stop_group...).

# --- installation and build ----------------------------------------------------------------------

# apt_install without starting the packages' system services: a policy-rc.d that forbids service
# starts exists for the duration of the install (only if none exists already).
install_quietly() {
  local policy=/usr/sbin/policy-rc.d created=0 rc=0
  if [ "$(id -u)" = 0 ] && [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
  fi
  (apt_install "$@") || rc=$?
  [ "$created" = 1 ] && rm -f "$policy"
  [ "$rc" = 0 ] || exit "$rc"
}

need_nginx() {
  [ -x "$NGINX" ] && return 0
  install_quietly nginx
  [ -x "$NGINX" ] || fail "nginx is not at $NGINX after installing it; set NGINX to its path"
}

# Builds the two jars with the Maven wrapper when one is missing or older than a source or pom.
build_if_needed() {
  local reason=""
  if [ "$SKIP_BUILD" = 1 ]; then
    [ -f "$WEB_JAR" ] && [ -f "$WORKER_JAR" ] || fail "SKIP_BUILD=1 but a jar is missing: build with ./mvnw -DskipTests package"
    say "SKIP_BUILD=1: using the jars as they are"
    return 0
  fi
  if [ ! -f "$WEB_JAR" ] || [ ! -f "$WORKER_JAR" ]; then
    reason="a jar is missing"
  else
    local oldest=$WEB_JAR newer
    [ "$WORKER_JAR" -ot "$oldest" ] && oldest=$WORKER_JAR
    newer=$(cd "$ROOT" && find pom.xml ./*/pom.xml ./*/src -newer "$oldest" -type f \
      -not -path './cluster-tests/*' -not -path '*/src/test/*' -not -path '*/node_modules/*' -print -quit 2>/dev/null || true)
    [ -n "$newer" ] && reason="${newer#./} is newer than the jars"
  fi
  if [ -z "$reason" ]; then
    say "jars are up to date"
    return 0
  fi
  say "building the jars ($reason): ./mvnw -DskipTests package -pl web-node,backend-worker -am, output in $RUN_DIR/logs/build.log"
  # shellcheck disable=SC2086
  if ! (cd "$ROOT" && ./mvnw -B -ntp -DskipTests -Dspring-javaformat.skip=true $MVN_ARGS \
    -pl web-node,backend-worker -am package) >"$RUN_DIR/logs/build.log" 2>&1; then
    tail -n 30 "$RUN_DIR/logs/build.log" >&2
    fail "the build failed; see $RUN_DIR/logs/build.log"
  fi
  [ -f "$WEB_JAR" ] && [ -f "$WORKER_JAR" ] || fail "the build did not produce $WEB_JAR and $WORKER_JAR"
}

# --- readiness -----------------------------------------------------------------------------------

# HTTP status of GET http://HOST:PORT/PATH, or 000 when nothing answers within 5 s.
http_status() {
  local line
  line=$( (exec 3<>"/dev/tcp/$1/$2" && printf 'GET %s HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$3" "$1" "$2" >&3 &&
    IFS= read -r -t 5 line <&3 && echo "$line") 2>/dev/null || true)
  set -- ${line%$'\r'}
  echo "${2:-000}"
}

# Readiness of one part: nodes (on their management port) and workers by their readiness probe
# (which covers Redis and RabbitMQ), nginx by a call through it, private services by their port.
is_ready() {
  local name=$1 port
  port=$(cat "$RUN_DIR/pids/$name.port" 2>/dev/null || true)
  case $name in
    node-*) [ "$(http_status "$(node_host "${name#node-}")" "$(cat "$RUN_DIR/pids/$name.mgmt" 2>/dev/null)" /actuator/health/readiness)" = 200 ] ;;
    worker-*) [ "$(http_status 127.0.0.1 "$port" /actuator/health/readiness)" = 200 ] ;;
    nginx) [ "$(http_status 127.0.0.1 "$port" /api/auth)" = 200 ] ;;
    *) port_open 127.0.0.1 "$port" ;;
  esac
}

# Waits, at most READY_TIMEOUT seconds, until every named part is ready; fails at once with the
# end of its log when one of them exits.
wait_ready() {
  local pending=("$@") still name started=$SECONDS last=$SECONDS
  say "waiting for ${pending[*]} (at most ${READY_TIMEOUT} s)"
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for name in "${pending[@]}"; do
      if ! running "$name"; then
        printf '%s\n' "--- end of $RUN_DIR/logs/$name.log:" >&2
        tail -n 40 "$RUN_DIR/logs/$name.log" >&2 || true
        fail "$name exited before it was ready"
      fi
      if is_ready "$name"; then
        say "  $name ready after $((SECONDS - started)) s"
      else
        still+=("$name")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    if [ $((SECONDS - started)) -ge "$READY_TIMEOUT" ]; then
      fail "not ready after ${READY_TIMEOUT} s: ${pending[*]} (logs in $RUN_DIR/logs; raise READY_TIMEOUT on a slow machine)"
    fi
    if [ $((SECONDS - last)) -ge 10 ]; then
      say "  still waiting for ${pending[*]} ($((SECONDS - started)) s)"
      last=$SECONDS
    fi
    sleep 1
  done
}

# --- the network namespace of NETNS_NODE ---------------------------------------------------------

# The namespace and the host-side name of each link (redis, rabbitmq, front); the namespace's side
# is the same name with an "n". Named after the nginx port, which no two clusters share.
netns_name() { echo "bc-$LB_PORT-node-$NETNS_NODE"; }
netns_link() { case $1 in redis) echo "bc${LB_PORT}r" ;; rabbitmq) echo "bc${LB_PORT}a" ;; front) echo "bc${LB_PORT}f" ;; esac; }
# Addresses on each link: the host's side (where Redis, RabbitMQ and the clients are) and the node's.
netns_host_ip() { case $1 in redis) echo "$NETNS_PREFIX.1" ;; rabbitmq) echo "$NETNS_PREFIX.5" ;; front) echo "$NETNS_PREFIX.9" ;; esac; }
netns_node_ip() { case $1 in redis) echo "$NETNS_PREFIX.2" ;; rabbitmq) echo "$NETNS_PREFIX.6" ;; front) echo "$NETNS_PREFIX.10" ;; esac; }

# Where node N listens, and where nginx, probes and clients reach it.
node_host() { if [ "$1" = "$NETNS_NODE" ]; then netns_node_ip front; else echo 127.0.0.1; fi; }

netns_up() {
  local ns link l
  [ "$(id -u)" = 0 ] || fail "NETNS_NODE needs root (ip netns, veth links)"
  command -v ip >/dev/null || fail "NETNS_NODE needs ip (iproute2)"
  ns=$(netns_name)
  netns_down
  say "NETNS_NODE=$NETNS_NODE: node-$NETNS_NODE in network namespace $ns, linked to Redis, RabbitMQ and the front door by veth ($NETNS_PREFIX.0/28)"
  ip netns add "$ns" || fail "ip netns add $ns failed (is this a container without network namespaces?)"
  echo "$ns" >"$RUN_DIR/netns"
  ip -n "$ns" link set lo up
  for l in redis rabbitmq front; do
    link=$(netns_link "$l")
    ip link add "$link" type veth peer name "${link}n" || fail "could not create the veth link $link"
    ip link set "${link}n" netns "$ns"
    ip addr add "$(netns_host_ip "$l")/30" dev "$link"
    ip link set "$link" up
    ip -n "$ns" addr add "$(netns_node_ip "$l")/30" dev "${link}n"
    ip -n "$ns" link set "${link}n" up
  done
}

# Removes the links and the namespace of this cluster, if any.
netns_down() {
  local ns l
  [ -n "$NETNS_NODE" ] || [ -s "$RUN_DIR/netns" ] || return 0
  ns=$(cat "$RUN_DIR/netns" 2>/dev/null || netns_name)
  for l in redis rabbitmq front; do ip link del "$(netns_link "$l")" 2>/dev/null || true; done
  ip netns del "$ns" 2>/dev/null || true
  rm -f "$RUN_DIR/netns"
}

# partition NAME LINK / heal NAME: the node's link to one service down, or all its links up.
cmd_link() {
  local action=$1 name=${2:-} l
  [ -d "$RUN_DIR/pids" ] || fail "no cluster in $RUN_DIR"
  RUN_DIR=$(cd "$RUN_DIR" && pwd)
  load_settings
  [ -n "$NETNS_NODE" ] || fail "$action needs a cluster started with NETNS_NODE=N"
  [ "$name" = "node-$NETNS_NODE" ] || fail "usage: $SELF $action node-$NETNS_NODE$([ "$action" = partition ] && echo ' redis|rabbitmq|front') (node-$NETNS_NODE is the one in a namespace)"
  if [ "$action" = heal ]; then
    for l in redis rabbitmq front; do ip link set "$(netns_link "$l")" up; done
    say "node-$NETNS_NODE joined again to Redis, RabbitMQ and the front door"
    return 0
  fi
  case ${3:-} in
    redis | rabbitmq | front) ;;
    *) fail "usage: $SELF partition node-$NETNS_NODE redis|rabbitmq|front" ;;
  esac
  ip link set "$(netns_link "$3")" down
  say "node-$NETNS_NODE cut off from $3 (link $(netns_link "$3") down); '$SELF heal node-$NETNS_NODE' joins it again"
}

# --- the parts -----------------------------------------------------------------------------------

check_port_free() {
  port_open 127.0.0.1 "$1" && fail "port $1 ($2) is in use by another program; choose another with $3=..."
  return 0
}

start_private_redis() {
  command -v redis-server >/dev/null || install_quietly redis-server
  check_port_free "$PRIVATE_REDIS_PORT" "private Redis" PRIVATE_REDIS_PORT
  mkdir -p "$RUN_DIR/redis"
  local bind=(127.0.0.1) protected=()
  # The namespaced node comes over its host-internal link, which protected mode would refuse.
  [ -n "$NETNS_NODE" ] && bind+=("$(netns_host_ip redis)") protected=(--protected-mode no)
  launch redis "private Redis on ${bind[*]} port $PRIVATE_REDIS_PORT, data in $RUN_DIR/redis" \
    redis-server --bind "${bind[@]}" "${protected[@]+"${protected[@]}"}" --port "$PRIVATE_REDIS_PORT" --dir "$RUN_DIR/redis" \
    --appendonly yes --save "" --daemonize no --logfile ""
  echo "$PRIVATE_REDIS_PORT" >"$RUN_DIR/pids/redis.port"
  REDIS_HOST=127.0.0.1 REDIS_PORT=$PRIVATE_REDIS_PORT
}

# One node of the private Redis Cluster: its own directory (cluster state file, log), no persistence
# of data (a restarted node resyncs from its primary), a short node timeout so that a replica takes
# over a killed primary within seconds.
start_cluster_redis_node() {
  local i=$1 port=$((REDIS_CLUSTER_PORT_BASE + $1 - 1))
  mkdir -p "$RUN_DIR/redis-$i"
  launch "redis-$i" "Redis Cluster node on 127.0.0.1:$port, state in $RUN_DIR/redis-$i" \
    redis-server --bind 127.0.0.1 --port "$port" --dir "$RUN_DIR/redis-$i" --cluster-enabled yes \
    --cluster-config-file nodes.conf --cluster-node-timeout 2000 --save "" --appendonly no \
    --daemonize no --logfile ""
  echo "$port" >"$RUN_DIR/pids/redis-$i.port"
}

start_private_redis_cluster() {
  command -v redis-server >/dev/null || install_quietly redis-server
  local i port nodes=()
  for i in 1 2 3 4 5 6; do
    port=$((REDIS_CLUSTER_PORT_BASE + i - 1))
    check_port_free "$port" "a Redis Cluster node" REDIS_CLUSTER_PORT_BASE
    check_port_free $((port + 10000)) "a Redis Cluster node's bus" REDIS_CLUSTER_PORT_BASE
    nodes+=("127.0.0.1:$port")
  done
  for i in 1 2 3 4 5 6; do
    rm -f "$RUN_DIR/redis-$i/nodes.conf"
    start_cluster_redis_node "$i"
  done
  wait_ready redis-1 redis-2 redis-3 redis-4 redis-5 redis-6
  say "joining them: redis-cli --cluster create ${nodes[*]} --cluster-replicas 1"
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$RUN_DIR/logs/redis-cluster-create.log" 2>&1 ||
    fail "redis-cli --cluster create failed; see $RUN_DIR/logs/redis-cluster-create.log"
  local started=$SECONDS
  until redis-cli -p "$REDIS_CLUSTER_PORT_BASE" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; do
    [ $((SECONDS - started)) -lt 30 ] || fail "the Redis Cluster is not ok after 30 s; see $RUN_DIR/logs/redis-*.log"
    sleep 0.5
  done
  REDIS_CLUSTER_NODES=$(IFS=,; echo "${nodes[*]}")
  say "Redis Cluster ok: $REDIS_CLUSTER_NODES"
}

# A RabbitMQ node of its own: own node name, config, enabled-plugins file (none), data and log
# directories, cookie (HOME), distribution port and epmd, all on loopback. It runs as the current
# user, without Debian's wrapper that switches to the rabbitmq user. With RABBITMQ_CLUSTER=1 there
# are three such nodes (parts rabbitmq-1..3, AMQP ports PRIVATE_AMQP_PORT upwards), sharing the epmd
# and the cookie, joined into one cluster.
start_private_rabbitmq() {
  [ -x "$RABBITMQ_SERVER" ] || install_quietly rabbitmq-server
  [ -x "$RABBITMQ_SERVER" ] || fail "RabbitMQ is not at $RABBITMQ_SERVER after installing it"
  command -v epmd >/dev/null || fail "epmd (Erlang) is missing; install rabbitmq-server's dependencies (erlang-base)"
  local i
  for i in $(rabbitmq_parts); do
    check_port_free "$(amqp_port_of "$i")" "private RabbitMQ" PRIVATE_AMQP_PORT
    check_port_free "$(amqp_dist_port_of "$i")" "private RabbitMQ's Erlang distribution" PRIVATE_AMQP_DIST_PORT
  done
  check_port_free "$PRIVATE_EPMD_PORT" "private epmd" PRIVATE_EPMD_PORT
  mkdir -p "$RUN_DIR/rabbitmq-home"
  launch epmd "private epmd on 127.0.0.1:$PRIVATE_EPMD_PORT" \
    epmd -address 127.0.0.1 -port "$PRIVATE_EPMD_PORT"
  echo "$PRIVATE_EPMD_PORT" >"$RUN_DIR/pids/epmd.port"
  wait_ready epmd
  for i in $(rabbitmq_parts); do
    local dir=$RUN_DIR/$(rabbitmq_name "$i")
    # A cluster is formed anew on every up: data of an earlier cluster would make the join fail.
    if [ "$i" != 0 ]; then rm -rf "$dir"; fi
    mkdir -p "$dir/mnesia" "$dir/log"
    echo '[].' >"$dir/enabled_plugins"
    : >"$dir/rabbitmq-env.conf"
    if [ -n "$NETNS_NODE" ]; then
      # The namespaced node comes over its link, not loopback: guest may, on a broker that listens
      # on loopback and that host-internal link only.
      printf 'listeners.tcp.local = 127.0.0.1:%s\nlisteners.tcp.netns = %s:%s\nloopback_users.guest = false\n' \
        "$(amqp_port_of "$i")" "$(netns_host_ip rabbitmq)" "$(amqp_port_of "$i")" >"$dir/rabbitmq.conf"
    else
      printf 'listeners.tcp.local = 127.0.0.1:%s\nloopback_users.guest = true\n' "$(amqp_port_of "$i")" >"$dir/rabbitmq.conf"
    fi
    start_private_rabbitmq_node "$i"
  done
  if [ "$RABBITMQ_CLUSTER" = 1 ]; then
    for i in 2 3; do
      say "joining rabbitmq-$i to rabbitmq-1: rabbitmqctl stop_app, join_cluster, start_app"
      rabbitmq_ctl "$i" stop_app && rabbitmq_ctl "$i" join_cluster "$(amqp_nodename_of 1)" && rabbitmq_ctl "$i" start_app ||
        fail "rabbitmq-$i could not join the cluster; see $RUN_DIR/logs/rabbitmq-ctl.log and $RUN_DIR/logs/rabbitmq-$i.log"
    done
    AMQP_ADDRESSES="127.0.0.1:$(amqp_port_of 1),127.0.0.1:$(amqp_port_of 2),127.0.0.1:$(amqp_port_of 3)"
    say "RabbitMQ cluster of 3 nodes: $AMQP_ADDRESSES"
  fi
  AMQP_HOST=127.0.0.1 AMQP_PORT=$PRIVATE_AMQP_PORT AMQP_USER=guest AMQP_PASSWORD=guest
}

# The private RabbitMQ's node numbers (0 for the single one, 1 2 3 for a cluster), names and ports.
rabbitmq_parts() { if [ "$RABBITMQ_CLUSTER" = 1 ]; then echo 1 2 3; else echo 0; fi; }
rabbitmq_name() { if [ "${1:-0}" != 0 ]; then echo "rabbitmq-$1"; else echo rabbitmq; fi; }
amqp_port_of() { local n=${1:-0}; echo $((PRIVATE_AMQP_PORT + (n > 0 ? n - 1 : 0))); }
amqp_dist_port_of() { local n=${1:-0}; echo $((PRIVATE_AMQP_DIST_PORT + (n > 0 ? n - 1 : 0))); }
amqp_nodename_of() {
  if [ "${1:-0}" != 0 ]; then echo "${PRIVATE_AMQP_NODENAME%@*}-$1@${PRIVATE_AMQP_NODENAME#*@}"; else echo "$PRIVATE_AMQP_NODENAME"; fi
}

# rabbitmqctl against node N of the private cluster, with its cookie and epmd.
rabbitmq_ctl() {
  local i=$1
  shift
  HOME=$RUN_DIR/rabbitmq-home ERL_EPMD_PORT=$PRIVATE_EPMD_PORT ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_CTL_DIST_PORT_MIN=$(($(amqp_dist_port_of "$i") + 100)) RABBITMQ_CTL_DIST_PORT_MAX=$(($(amqp_dist_port_of "$i") + 110)) \
    "$(dirname "$RABBITMQ_SERVER")/rabbitmqctl" -n "$(amqp_nodename_of "$i")" "$@" >>"$RUN_DIR/logs/rabbitmq-ctl.log" 2>&1
}

# A private RabbitMQ node itself (N, or "" for the single one), on the epmd above; its data
# survives a restart, and a cluster node rejoins its cluster.
start_private_rabbitmq_node() {
  local i=${1:-0} name dir port
  name=$(rabbitmq_name "$i")
  dir=$RUN_DIR/$name
  port=$(amqp_port_of "$i")
  rm -f "$dir/beam.pid"
  (
    cd "$dir"
    export HOME=$RUN_DIR/rabbitmq-home ERL_EPMD_PORT=$PRIVATE_EPMD_PORT ERL_EPMD_ADDRESS=127.0.0.1 \
      RABBITMQ_CONF_ENV_FILE=$dir/rabbitmq-env.conf RABBITMQ_CONFIG_FILE=$dir/rabbitmq.conf \
      RABBITMQ_ADVANCED_CONFIG_FILE=$dir/advanced.config RABBITMQ_ENABLED_PLUGINS_FILE=$dir/enabled_plugins \
      RABBITMQ_MNESIA_BASE=$dir/mnesia RABBITMQ_LOG_BASE=$dir/log RABBITMQ_PID_FILE=$dir/beam.pid \
      RABBITMQ_NODENAME=$(amqp_nodename_of "$i") RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
      RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$(amqp_dist_port_of "$i") \
      RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    launch "$name" "private RabbitMQ $(amqp_nodename_of "$i") on 127.0.0.1:$port, data in $dir" \
      "$RABBITMQ_SERVER"
  )
  echo "$port" >"$RUN_DIR/pids/$name.port"
  wait_ready "$name"
  # The script above runs the Erlang VM as its child; record the VM as well, so that `down` finds
  # it even if the script is gone.
  if [ -s "$dir/beam.pid" ]; then
    record "$name-vm" "$(cat "$dir/beam.pid")"
    echo "Erlang VM of the private RabbitMQ $name" >"$RUN_DIR/pids/$name-vm.info"
  fi
}

ensure_services() {
  if [ "$REDIS_CLUSTER" = 1 ]; then
    say "REDIS_CLUSTER=1: starting a private Redis Cluster of six nodes on $REDIS_CLUSTER_PORT_BASE.."
    : >"$RUN_DIR/external"
    start_private_redis_cluster
  elif port_open "$REDIS_HOST" "$REDIS_PORT"; then
    [ -z "$NETNS_NODE" ] || fail "NETNS_NODE needs the launcher's private Redis, but one answers on $REDIS_HOST:$REDIS_PORT; point REDIS_PORT at a free port"
    say "Redis answers on $REDIS_HOST:$REDIS_PORT: using it (down leaves it alone)"
    echo "Redis $REDIS_HOST:$REDIS_PORT (not started by this launcher)" >"$RUN_DIR/external"
  else
    say "no Redis on $REDIS_HOST:$REDIS_PORT: starting a private one"
    : >"$RUN_DIR/external"
    start_private_redis
    wait_ready redis
  fi
  if [ "$RABBITMQ_CLUSTER" = 1 ]; then
    say "RABBITMQ_CLUSTER=1: starting a private RabbitMQ cluster of three nodes on $PRIVATE_AMQP_PORT.."
    start_private_rabbitmq
  elif port_open "$AMQP_HOST" "$AMQP_PORT"; then
    [ -z "$NETNS_NODE" ] || fail "NETNS_NODE needs the launcher's private RabbitMQ, but one answers on $AMQP_HOST:$AMQP_PORT; point AMQP_PORT at a free port"
    say "RabbitMQ answers on $AMQP_HOST:$AMQP_PORT: using it (down leaves it alone)"
    echo "RabbitMQ $AMQP_HOST:$AMQP_PORT (not started by this launcher)" >>"$RUN_DIR/external"
  else
    say "no RabbitMQ on $AMQP_HOST:$AMQP_PORT: starting a private one"
    start_private_rabbitmq
  fi
}

write_nginx_conf() {
  local i servers="" idp="" files workers listen_opts=""
  # Every proxied socket is two connections and two files (client side, node side): as many as the
  # hard open-file limit allows, up to room for about 45,000 browser sockets per worker. The limit
  # is per process, so where it is low (a container's 20,000, say) more workers share the sockets,
  # the kernel spreading new connections over them (reuseport), until they hold LB_SOCKETS.
  files=$(ulimit -Hn)
  [ "$files" = unlimited ] || [ "$files" -gt 100000 ] && files=100000
  workers=$(( (LB_SOCKETS + files * 9 / 20 - 1) / (files * 9 / 20) ))
  [ "$workers" -lt 1 ] && workers=1
  [ "$workers" -gt 8 ] && workers=8
  [ "$workers" -gt 1 ] && listen_opts=" reuseport"
  if [ $((workers * files * 9 / 20)) -lt "$LB_SOCKETS" ]; then
    say "nginx will hold about $((workers * files * 9 / 20)) sockets, not LB_SOCKETS=$LB_SOCKETS (open files: $files per process); raise the hard limit (ulimit -Hn) for more"
  elif [ "$workers" -gt 1 ]; then
    say "nginx: $workers workers of about $((files * 9 / 20)) sockets each (open files: $files per process)"
  fi
  local a listens=""
  for a in $(seq 1 "$LB_ADDRESSES"); do
    listens+="        listen 127.0.0.$a:$LB_PORT$listen_opts;"$'\n'
  done
  if [ "$LB_ADDRESSES" -gt 1 ]; then
    say "nginx listens on 127.0.0.1 to 127.0.0.$LB_ADDRESSES, port $LB_PORT"
  fi
  for i in $(seq 1 "$NODES"); do
    servers+="        server $(node_host "$i"):$((NODE_PORT_BASE + i - 1));"$'\n'
  done
  if [ "$AUTH_MODE" = jwt ]; then
    # The demo page gets its tokens from the development identity provider, same origin.
    idp="        location /idp/ {
            proxy_pass http://127.0.0.1:$IDP_PORT/;
            proxy_set_header Connection \"\";
        }
"
  fi
  mkdir -p "$RUN_DIR/nginx"
  cat >"$RUN_DIR/nginx.conf" <<EOF
# Generated by deploy/local/cluster.sh; rewritten on every 'up'.
daemon off;
worker_processes $workers;
worker_rlimit_nofile $files;
pid "$RUN_DIR/nginx/nginx.pid";
error_log "$RUN_DIR/logs/nginx.log" notice;

events {
    worker_connections $((files * 9 / 10));
}

http {
    # Which node served each request: upstream=127.0.0.1:8081 and so on.
    log_format backchannel '\$remote_addr [\$time_local] "\$request" \$status \$body_bytes_sent '
                           'upstream=\$upstream_addr \$request_time s';
    access_log "$RUN_DIR/logs/nginx-access.log" backchannel;
    client_body_temp_path "$RUN_DIR/nginx/client_body";
    proxy_temp_path "$RUN_DIR/nginx/proxy";
    fastcgi_temp_path "$RUN_DIR/nginx/fastcgi";
    uwsgi_temp_path "$RUN_DIR/nginx/uwsgi";
    scgi_temp_path "$RUN_DIR/nginx/scgi";
    # Connection: upgrade for a WebSocket handshake, close otherwise.
    map \$http_upgrade \$connection_upgrade {
        default upgrade;
        '' close;
    }

    # Round robin (nginx's default) and no stickiness: a client's requests and its socket
    # usually land on different nodes, which is what Backchannel is for.
    upstream backchannel {
$servers    }

    server {
$listens        client_max_body_size 1m;
        proxy_http_version 1.1;

        # (proxy_set_header is not inherited by a location that sets any, so each sets them all.)
        # Host keeps its port, and X-Forwarded-Port names it (the nodes believe a loopback proxy's
        # X-Forwarded-* headers, and X-Forwarded-Proto alone would set the port to 80), so that the
        # nodes' same-origin check of the WebSocket handshake sees the address the browser used.
        location /ws {
            proxy_pass http://backchannel;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Port \$server_port;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            # A draining node refuses new sockets with 503: the next node takes the same upgrade.
            proxy_next_upstream error timeout http_503;
            # A socket may be quiet for long; the nodes close idle ones themselves.
            proxy_read_timeout 1h;
            proxy_send_timeout 1h;
            proxy_buffering off;
        }

        location / {
            proxy_pass http://backchannel;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Port \$server_port;
            proxy_set_header Connection "";
            # Every POST of the API may be sent again: a request, a cancel and an event carry their
            # own id (a second try is answered from the first), and a 503 means nothing was taken.
            # So a node that refuses (draining, or cut off from Redis) or cannot be reached passes
            # the same request to the next node instead of back to the client.
            proxy_next_upstream error timeout http_503 non_idempotent;
        }
$idp    }
}
EOF
}

start_nginx() {
  check_port_free "$LB_PORT" "nginx" LB_PORT
  write_nginx_conf
  "$NGINX" -t -q -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR/" -e "$RUN_DIR/logs/nginx.log" ||
    fail "nginx rejected $RUN_DIR/nginx.conf; see $RUN_DIR/logs/nginx.log"
  launch nginx "nginx on 127.0.0.1:$LB_PORT, round robin over $(plural "$NODES" node), config $RUN_DIR/nginx.conf" \
    "$NGINX" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR/" -e "$RUN_DIR/logs/nginx.log"
  echo "$LB_PORT" >"$RUN_DIR/pids/nginx.port"
}

# The command-line settings every app shares, and the secrets they take by environment (not on
# command lines that ps shows). With "netns", those of the node in the namespace: Redis and RabbitMQ
# over its links.
app_settings() {
  local redis_host=$REDIS_HOST amqp_host=$AMQP_HOST
  if [ "${1:-}" = netns ]; then
    redis_host=$(netns_host_ip redis) amqp_host=$(netns_host_ip rabbitmq)
  fi
  if [ -n "$REDIS_CLUSTER_NODES" ]; then
    common=(--spring.data.redis.cluster.nodes="$REDIS_CLUSTER_NODES")
  else
    common=(--spring.data.redis.host="$redis_host" --spring.data.redis.port="$REDIS_PORT")
  fi
  if [ -n "$AMQP_ADDRESSES" ]; then
    common+=(--spring.rabbitmq.addresses="$AMQP_ADDRESSES")
  else
    common+=(--spring.rabbitmq.host="$amqp_host" --spring.rabbitmq.port="$AMQP_PORT")
  fi
  common+=(--spring.rabbitmq.username="$AMQP_USER")
  read -r -a opts <<<"$JAVA_OPTS"
}

# In jwt mode, the settings that make a node trust the development identity provider.
auth_settings() {
  auth=()
  if [ "$AUTH_MODE" = jwt ]; then
    auth=(--backchannel.auth.mode=jwt
      --spring.security.oauth2.resourceserver.jwt.jwk-set-uri="http://127.0.0.1:$IDP_PORT/jwks"
      --spring.security.oauth2.resourceserver.jwt.issuer-uri="http://127.0.0.1:$IDP_PORT"
      --spring.security.oauth2.resourceserver.jwt.audiences=backchannel)
  fi
}

start_idp() {
  command -v node >/dev/null || fail "AUTH_MODE=jwt needs Node.js (node) for the development identity provider"
  check_port_free "$IDP_PORT" "the development identity provider" IDP_PORT
  launch idp "development identity provider on http://127.0.0.1:$IDP_PORT (signs a token for anyone: laptop only)" \
    node "$ROOT/deploy/local/dev-idp.mjs" --port="$IDP_PORT"
  echo "$IDP_PORT" >"$RUN_DIR/pids/idp.port"
}

start_node() {
  local i=$1 port=$((NODE_PORT_BASE + $1 - 1)) mgmt=$((MGMT_PORT_BASE + $1 - 1)) common opts secret auth replicas=()
  local host=127.0.0.1 netns=()
  if [ "$i" = "$NETNS_NODE" ]; then
    app_settings netns
    host=$(node_host "$i") netns=(ip netns exec "$(netns_name)")
  else
    app_settings
  fi
  auth_settings
  # On the Redis Cluster, no record or update a client is owed is taken as written before a
  # replica has it (WAIT): a killed primary then loses none of them.
  [ -n "$REDIS_CLUSTER_NODES" ] && replicas=(--backchannel.records.replica-acks="$REDIS_REPLICA_ACKS")
  secret=$(cat "$RUN_DIR/auth-secret")
  launch "node-$i" "web node $NODE_ID_PREFIX$i on http://$host:$port/, actuator on http://$host:$mgmt/actuator${netns[*]:+ (in network namespace ${netns[3]})}" \
    "${netns[@]+"${netns[@]}"}" env BACKCHANNEL_AUTH_SECRET="$secret" SPRING_RABBITMQ_PASSWORD="$AMQP_PASSWORD" \
    "$JAVA_HOME/bin/java" "${opts[@]}" -jar "$WEB_JAR" --server.address="$host" --server.port="$port" \
    --management.server.address="$host" --management.server.port="$mgmt" \
    --backchannel.node.id="$NODE_ID_PREFIX$i" --spring.profiles.active="$NODE_PROFILES" "${common[@]}" \
    "${auth[@]+"${auth[@]}"}" "${replicas[@]+"${replicas[@]}"}"
  echo "$port" >"$RUN_DIR/pids/node-$i.port"
  echo "$mgmt" >"$RUN_DIR/pids/node-$i.mgmt"
}

start_worker() {
  local i=$1 port=$((WORKER_PORT_BASE + $1 - 1)) common opts
  app_settings
  launch "worker-$i" "worker $WORKER_ID_PREFIX$i, actuator on http://127.0.0.1:$port/actuator" \
    env SPRING_RABBITMQ_PASSWORD="$AMQP_PASSWORD" "$JAVA_HOME/bin/java" "${opts[@]}" -jar "$WORKER_JAR" \
    --server.address=127.0.0.1 --server.port="$port" \
    --backchannel.worker.worker-id="$WORKER_ID_PREFIX$i" "${common[@]}"
  echo "$port" >"$RUN_DIR/pids/worker-$i.port"
}

start_apps() {
  local i
  for i in $(seq 1 "$NODES"); do start_node "$i"; done
  for i in $(seq 1 "$WORKERS"); do start_worker "$i"; done
}

# What `up` settled on (ports, ids, the services it found or started, the JDK), for the commands
# that act on one part later. Readable by the owner only: it holds the broker password.
SETTINGS_SAVED=(NODES WORKERS LB_PORT NODE_PORT_BASE MGMT_PORT_BASE WORKER_PORT_BASE NODE_ID_PREFIX WORKER_ID_PREFIX AUTH_MODE IDP_PORT
  REDIS_HOST REDIS_PORT REDIS_CLUSTER REDIS_CLUSTER_PORT_BASE REDIS_CLUSTER_NODES REDIS_REPLICA_ACKS RABBITMQ_CLUSTER AMQP_ADDRESSES PRIVATE_AMQP_PORT PRIVATE_AMQP_DIST_PORT PRIVATE_EPMD_PORT PRIVATE_AMQP_NODENAME AMQP_HOST AMQP_PORT AMQP_USER AMQP_PASSWORD JAVA_OPTS JAVA_HOME NETNS_NODE NETNS_PREFIX)

save_settings() {
  (umask 077 && declare -p "${SETTINGS_SAVED[@]}" | sed 's/^declare -[a-z-]* /declare -g /' >"$RUN_DIR/settings")
}

load_settings() {
  [ -f "$RUN_DIR/settings" ] || fail "no cluster was started from $RUN_DIR (no $RUN_DIR/settings); run '$SELF up' first"
  # shellcheck disable=SC1091
  . "$RUN_DIR/settings"
}

# --- commands ------------------------------------------------------------------------------------

check_settings() {
  local v
  for v in NODES WORKERS LB_PORT NODE_PORT_BASE WORKER_PORT_BASE REDIS_PORT AMQP_PORT PRIVATE_REDIS_PORT PRIVATE_AMQP_PORT \
    PRIVATE_AMQP_DIST_PORT PRIVATE_EPMD_PORT READY_TIMEOUT STOP_TIMEOUT IDP_PORT MGMT_PORT_BASE REDIS_CLUSTER_PORT_BASE REDIS_REPLICA_ACKS LB_SOCKETS LB_ADDRESSES; do
    [[ ${!v} =~ ^[0-9]+$ ]] || fail "$v must be a number, not '${!v}'"
  done
  [ "$REDIS_CLUSTER" = 0 ] || [ "$REDIS_CLUSTER" = 1 ] || fail "REDIS_CLUSTER must be 0 or 1, not '$REDIS_CLUSTER'"
  [ "$RABBITMQ_CLUSTER" = 0 ] || [ "$RABBITMQ_CLUSTER" = 1 ] || fail "RABBITMQ_CLUSTER must be 0 or 1, not '$RABBITMQ_CLUSTER'"
  [ $((REDIS_CLUSTER_PORT_BASE + 10005)) -le 65535 ] || fail "REDIS_CLUSTER_PORT_BASE + 10005 (the last node's bus port) goes past port 65535"
  [ "$AUTH_MODE" = anonymous ] || [ "$AUTH_MODE" = jwt ] || fail "AUTH_MODE must be anonymous or jwt, not '$AUTH_MODE'"
  [ "$NODES" -ge 1 ] || fail "NODES must be at least 1"
  [ "$LB_ADDRESSES" -ge 1 ] && [ "$LB_ADDRESSES" -le 254 ] || fail "LB_ADDRESSES must be 1 to 254, not '$LB_ADDRESSES'"
  if [ -n "$NETNS_NODE" ]; then
    [[ $NETNS_NODE =~ ^[0-9]+$ ]] && [ "$NETNS_NODE" -ge 1 ] && [ "$NETNS_NODE" -le "$NODES" ] ||
      fail "NETNS_NODE must name one of the $NODES nodes (1..$NODES), not '$NETNS_NODE'"
    [[ $NETNS_PREFIX =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || fail "NETNS_PREFIX must be three octets (10.231.0), not '$NETNS_PREFIX'"
    [ "$REDIS_CLUSTER" = 0 ] && [ "$RABBITMQ_CLUSTER" = 0 ] || fail "NETNS_NODE works with one private Redis and one private RabbitMQ, not with REDIS_CLUSTER or RABBITMQ_CLUSTER"
  fi
  [ $((NODE_PORT_BASE + NODES - 1)) -le 65535 ] || fail "NODE_PORT_BASE + NODES goes past port 65535"
  [ $((WORKER_PORT_BASE + WORKERS - 1)) -le 65535 ] || fail "WORKER_PORT_BASE + WORKERS goes past port 65535"
  if [ "$WORKER_PORT_BASE" -lt $((NODE_PORT_BASE + NODES)) ] && [ $((WORKER_PORT_BASE + WORKERS)) -gt "$NODE_PORT_BASE" ]; then
    fail "the worker ports $WORKER_PORT_BASE.. overlap the node ports $NODE_PORT_BASE..; choose another WORKER_PORT_BASE"
  fi
  if [ "$MGMT_PORT_BASE" -lt $((NODE_PORT_BASE + NODES)) ] && [ $((MGMT_PORT_BASE + NODES)) -gt "$NODE_PORT_BASE" ]; then
    fail "the management ports $MGMT_PORT_BASE.. overlap the node ports $NODE_PORT_BASE..; choose another MGMT_PORT_BASE"
  fi
  if [ "$MGMT_PORT_BASE" -lt $((WORKER_PORT_BASE + WORKERS)) ] && [ $((MGMT_PORT_BASE + NODES)) -gt "$WORKER_PORT_BASE" ]; then
    fail "the management ports $MGMT_PORT_BASE.. overlap the worker ports $WORKER_PORT_BASE..; choose another MGMT_PORT_BASE"
  fi
  if [ "$LB_PORT" -ge "$NODE_PORT_BASE" ] && [ "$LB_PORT" -lt $((NODE_PORT_BASE + NODES)) ]; then
    fail "LB_PORT $LB_PORT is among the node ports $NODE_PORT_BASE..$((NODE_PORT_BASE + NODES - 1))"
  fi
}

# One `up` or `down` at a time per run directory. Started processes do not inherit the lock (9>&-).
lock_run_dir() {
  exec 9>"$RUN_DIR/.lock"
  flock -n 9 || fail "another cluster.sh is working on $RUN_DIR"
}

on_failed_up() {
  trap - EXIT INT TERM
  printf 'error: up did not complete; stopping what it started (logs stay in %s/logs)\n' "$RUN_DIR" >&2
  stop_all >&2 || true
  exit 1
}

cmd_up() {
  check_settings
  mkdir -p "$RUN_DIR"
  RUN_DIR=$(cd "$RUN_DIR" && pwd)
  mkdir -p "$RUN_DIR/pids"
  lock_run_dir
  local name
  for name in $(recorded_names); do
    running "$name" && fail "a cluster from $RUN_DIR is running ($name, pid $(pid_of "$name")); see '$SELF status', stop it with '$SELF down'"
    forget "$name"
  done
  check_port_free "$LB_PORT" "nginx" LB_PORT
  for name in $(seq "$NODE_PORT_BASE" $((NODE_PORT_BASE + NODES - 1))); do
    check_port_free "$name" "a web node" NODE_PORT_BASE
  done
  for name in $(seq "$MGMT_PORT_BASE" $((MGMT_PORT_BASE + NODES - 1))); do
    check_port_free "$name" "a web node's management port" MGMT_PORT_BASE
  done
  say "run directory: $RUN_DIR"
  if [ -d "$RUN_DIR/logs" ]; then
    rm -rf "$RUN_DIR/logs.previous"
    mv "$RUN_DIR/logs" "$RUN_DIR/logs.previous"
  fi
  mkdir -p "$RUN_DIR/logs"
  pick_jdk
  build_if_needed
  need_nginx

  trap on_failed_up EXIT
  trap 'exit 130' INT TERM
  (umask 077 && head -c 36 /dev/urandom | base64 >"$RUN_DIR/auth-secret")
  say "token secret for this run: $RUN_DIR/auth-secret"
  [ -z "$NETNS_NODE" ] || netns_up
  ensure_services
  save_settings
  if [ "$AUTH_MODE" = jwt ]; then
    start_idp
    wait_ready idp
  fi
  start_apps
  start_nginx
  local parts=()
  for name in $(seq 1 "$NODES"); do parts+=("node-$name"); done
  for name in $(seq 1 "$WORKERS"); do parts+=("worker-$name"); done
  wait_ready "${parts[@]}"
  wait_ready nginx
  trap - EXIT INT TERM

  local prefix=""
  [ "$RUN_DIR" = "$ROOT/run" ] || prefix="RUN_DIR=$RUN_DIR "
  echo
  say "Backchannel is up: $(plural "$NODES" "web node") and $(plural "$WORKERS" worker) behind nginx"
  echo "    demo:     http://localhost:$LB_PORT/"
  for name in $(seq 1 "$NODES"); do
    echo "    node-$name:   http://$(node_host "$name"):$((NODE_PORT_BASE + name - 1))/  (node id $NODE_ID_PREFIX$name; actuator http://$(node_host "$name"):$((MGMT_PORT_BASE + name - 1))/actuator)$([ "$name" = "$NETNS_NODE" ] && echo " in network namespace $(netns_name)")"
  done
  for name in $(seq 1 "$WORKERS"); do
    echo "    worker-$name: http://127.0.0.1:$((WORKER_PORT_BASE + name - 1))/actuator  (worker id $WORKER_ID_PREFIX$name)"
  done
  if [ -n "$REDIS_CLUSTER_NODES" ]; then
    echo "    Redis:    a Redis Cluster (private, stopped by down): $REDIS_CLUSTER_NODES; parts redis-1..redis-6"
  else
    echo "    Redis:    $REDIS_HOST:$REDIS_PORT$(running redis && echo ' (private, stopped by down)' || echo ' (left alone by down)')"
  fi
  if [ -n "$AMQP_ADDRESSES" ]; then
    echo "    RabbitMQ: a cluster of three nodes (private, stopped by down): $AMQP_ADDRESSES; parts rabbitmq-1..rabbitmq-3"
  else
    echo "    RabbitMQ: $AMQP_HOST:$AMQP_PORT$(running rabbitmq && echo ' (private, stopped by down)' || echo ' (left alone by down)')"
  fi
  echo "    logs:     $RUN_DIR/logs/  (${prefix}$SELF logs [node-1|worker-1|nginx|...])"
  echo "    status:   ${prefix}$SELF status"
  echo "    stop:     ${prefix}$SELF down"
  if [ "$AUTH_MODE" = jwt ]; then
    echo "    identity: jwt, from the development identity provider on http://127.0.0.1:$IDP_PORT (laptop only)"
    echo "    try:      curl -s 'http://localhost:$LB_PORT/idp/token?user=alice'"
    echo "              curl -s 'http://localhost:$LB_PORT/idp/token?user=my-backend&scope=backchannel.publish'"
  else
    echo "    try:      curl -s -XPOST http://localhost:$LB_PORT/api/sessions"
  fi
}

stop_all() {
  local names name
  names=$(recorded_names)
  if [ -z "$names" ]; then
    say "nothing recorded in $RUN_DIR/pids: nothing to stop"
    return 0
  fi
  local rc=0
  stop_group nginx || rc=1
  # shellcheck disable=SC2046
  stop_group $(grep -E '^(node|worker)-' <<<"$names" || true) || rc=1
  stop_group rabbitmq rabbitmq-vm rabbitmq-1 rabbitmq-1-vm rabbitmq-2 rabbitmq-2-vm rabbitmq-3 rabbitmq-3-vm || rc=1
  stop_group epmd redis || rc=1
  for name in $(recorded_names); do
    stop_group "$name" || rc=1
  done
  if [ -s "$RUN_DIR/netns" ]; then
    say "removing network namespace $(cat "$RUN_DIR/netns") and its links"
    netns_down
  fi
  if [ -s "$RUN_DIR/external" ]; then
    while IFS= read -r name; do say "left alone: $name"; done <"$RUN_DIR/external"
  fi
  return "$rc"
}

cmd_down() {
  if [ ! -d "$RUN_DIR/pids" ]; then
    say "no run directory at $RUN_DIR: nothing to stop"
    return 0
  fi
  lock_run_dir
  stop_all
  say "stopped; logs stay in $RUN_DIR/logs"
}

# kill|stop|start|restart|freeze|thaw NAME: one part of a running cluster (node-N, worker-N, and the
# private redis or rabbitmq), for fault drills and rolling restarts. kill is SIGKILL; stop is SIGTERM,
# so a node drains; start brings the part back with the settings of the `up`; freeze is SIGSTOP (the
# part hangs: its connections stay open and nothing answers) and thaw is SIGCONT.
cmd_part() {
  local action=$1 name=${2:-}
  [ -n "$name" ] || fail "usage: $SELF $action NAME (node-N, worker-N, redis, redis-N, rabbitmq, rabbitmq-N)"
  [ -d "$RUN_DIR/pids" ] || fail "no cluster in $RUN_DIR"
  RUN_DIR=$(cd "$RUN_DIR" && pwd)
  load_settings
  case $action in
    kill) kill_part "$name" ;;
    stop) stop_part "$name" ;;
    start) start_part "$name" ;;
    restart) stop_part "$name" && start_part "$name" ;;
    freeze | thaw) signal_part "$action" "$name" ;;
  esac
}

signal_part() {
  local signal=STOP part
  [ "$1" = thaw ] && signal=CONT
  running "$2" || fail "$2 is not running"
  for part in "$2" "$2-vm"; do
    if running "$part"; then
      say "SIG$signal to $part (pid $(pid_of "$part"))"
      kill "-$signal" "$(pid_of "$part")"
    fi
  done
}

kill_part() {
  local name=$1 part
  running "$1" || fail "$1 is not running"
  for part in "$name" "$name-vm"; do
    if running "$part"; then
      say "SIGKILL to $part (pid $(pid_of "$part"))"
      kill -KILL "$(pid_of "$part")" 2>/dev/null || true
    fi
  done
  # epmd outlives a killed private RabbitMQ, and start reuses it.
  while running "$name" || running "$name-vm"; do sleep 0.2; done
  forget "$name"
  forget "$name-vm"
}

stop_part() {
  running "$1" || fail "$1 is not running"
  stop_group "$1" "$1-vm"
}

start_part() {
  local name=$1
  running "$name" && fail "$name is running already (pid $(pid_of "$name"))"
  case $name in
    node-*) start_node "${name#node-}" ;;
    worker-*) start_worker "${name#worker-}" ;;
    redis)
      grep -q '^Redis' "$RUN_DIR/external" 2>/dev/null && fail "Redis was not started by this launcher; it is not ours to start"
      start_private_redis ;;
    redis-[1-6])
      [ -n "$REDIS_CLUSTER_NODES" ] || fail "$name is a Redis Cluster node; this cluster was started without REDIS_CLUSTER=1"
      # It keeps its nodes.conf, so it rejoins (as a replica if its replica took over meanwhile).
      start_cluster_redis_node "${name#redis-}" ;;
    rabbitmq)
      grep -q '^RabbitMQ' "$RUN_DIR/external" 2>/dev/null && fail "RabbitMQ was not started by this launcher; it is not ours to start"
      running epmd || fail "the private epmd is gone; run '$SELF down' and '$SELF up'"
      start_private_rabbitmq_node ;;
    rabbitmq-[1-3])
      [ -n "$AMQP_ADDRESSES" ] || fail "$name is a RabbitMQ cluster node; this cluster was started without RABBITMQ_CLUSTER=1"
      running epmd || fail "the private epmd is gone; run '$SELF down' and '$SELF up'"
      # Its data names its cluster, so it rejoins it.
      start_private_rabbitmq_node "${name#rabbitmq-}" ;;
    *) fail "cannot start '$name': one of node-N, worker-N, redis, redis-N, rabbitmq, rabbitmq-N" ;;
  esac
  wait_ready "$name"
}

cmd_status() {
  local name pid port state names
  names=$(recorded_names 2>/dev/null || true)
  if [ -z "$names" ]; then
    say "not running (nothing recorded in $RUN_DIR/pids)"
    return 0
  fi
  say "run directory: $RUN_DIR"
  for name in $names; do
    pid=$(pid_of "$name")
    port=$(cat "$RUN_DIR/pids/$name.port" 2>/dev/null || true)
    if ! running "$name"; then
      state="NOT RUNNING"
    else
      case $name in
        node-*) state="running, readiness $(http_status "$(node_host "${name#node-}")" "$(cat "$RUN_DIR/pids/$name.mgmt" 2>/dev/null)" /actuator/health/readiness)" ;;
        worker-*) state="running, readiness $(http_status 127.0.0.1 "$port" /actuator/health/readiness)" ;;
        nginx) state="running, /api/auth through it $(http_status 127.0.0.1 "$port" /api/auth)" ;;
        *) state=running ;;
      esac
    fi
    printf '    %-12s pid %-8s %-40s %s\n' "$name" "$pid" "$state" "$(cat "$RUN_DIR/pids/$name.info" 2>/dev/null || true)"
  done
  if [ -s "$RUN_DIR/external" ]; then
    while IFS= read -r name; do printf '    %-12s %s\n' external "$name"; done <"$RUN_DIR/external"
  fi
}

cmd_logs() {
  local files=() f
  if [ $# -eq 0 ]; then
    for f in "$RUN_DIR"/logs/*.log; do [ -e "$f" ] && files+=("$f"); done
  else
    for f in "$RUN_DIR/logs/$1.log" "$RUN_DIR/logs/$1"-*.log; do [ -e "$f" ] && files+=("$f"); done
  fi
  if [ ${#files[@]} -eq 0 ]; then
    fail "no logs for '${1:-any part}' in $RUN_DIR/logs (there are: $(cd "$RUN_DIR/logs" 2>/dev/null && ls -- *.log 2>/dev/null | sed 's/\.log$//' | tr '\n' ' '))"
  fi
  exec tail -n "${LOG_LINES:-50}" -F "${files[@]}"
}

case ${1:-} in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  logs) shift && cmd_logs "$@" ;;
  kill | stop | start | restart | freeze | thaw) cmd_part "$@" ;;
  partition | heal) cmd_link "$@" ;;
  -h | --help | help) usage 0 ;;
  *) usage 2 >&2 ;;
esac
