# Shared helpers for Backchannel's scripts. Source it; it defines functions only.

say() { printf '==> %s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Sets JAVA_HOME to a JDK of version 21 or newer: JAVA_HOME if it is one, else the first under
# /usr/lib/jvm, else the java on PATH.
pick_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*/ "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    candidate="${candidate%/}"
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    version=$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
    if [ -n "$version" ] && [ "${version%%.*}" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      say "JDK: $JAVA_HOME (Java $version)"
      return 0
    fi
  done
  fail "no JDK 21 or newer found. Install one (for example Temurin 21+) and set JAVA_HOME."
}

# Installs Debian packages when running as root with apt-get; otherwise says what to install.
apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing $* with apt-get"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
  else
    fail "missing: $*. Install it (Debian/Ubuntu: sudo apt-get install $*) and run again."
  fi
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_port() {
  local host=$1 port=$2 what=$3 i
  for i in $(seq 1 60); do
    port_open "$host" "$port" && return 0
    sleep 1
  done
  fail "$what did not answer on $host:$port within 60 s"
}

# Makes sure Redis answers on REDIS_HOST:REDIS_PORT (default loopback:6379); starts it, installing
# it first if needed, when it does not and it is meant to be local.
ensure_redis() {
  local host=${REDIS_HOST:-127.0.0.1} port=${REDIS_PORT:-6379}
  if port_open "$host" "$port"; then say "Redis answers on $host:$port"; return 0; fi
  command -v redis-server >/dev/null || apt_install redis-server
  say "starting Redis on $host:$port"
  redis-server --daemonize yes --bind "$host" --port "$port" --save "" --appendonly no >/dev/null
  wait_port "$host" "$port" Redis
}

# Makes sure RabbitMQ answers on AMQP_HOST:AMQP_PORT (default loopback:5672), the same way.
ensure_rabbitmq() {
  local host=${AMQP_HOST:-127.0.0.1} port=${AMQP_PORT:-5672}
  if port_open "$host" "$port"; then say "RabbitMQ answers on $host:$port"; return 0; fi
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  say "starting RabbitMQ (rabbitmq-server -detached)"
  rabbitmq-server -detached >/dev/null 2>&1 || true
  rabbitmqctl await_startup >/dev/null 2>&1 || true
  wait_port "$host" "$port" RabbitMQ
}

# The frontend tests need the machine's node and npm, and Debian's chromium for the browser tests;
# nothing downloads a browser or a Node binary of its own.
ensure_frontend_tools() {
  command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm
  say "node $(node --version), npm $(npm --version)"
  [ -x "${CHROMIUM:-/usr/bin/chromium}" ] || apt_install chromium
  say "browser: ${CHROMIUM:-/usr/bin/chromium}"
  # The launcher test puts nginx in front of the nodes.
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || apt_install nginx
}

# --- processes, by PID ---------------------------------------------------------------------------
# What a launcher starts is recorded under $RUN_DIR/pids (NAME.pid, NAME.start, NAME.info,
# NAME.port) with its output in $RUN_DIR/logs/NAME.log, and stopped by exactly those PIDs.
# Field 22 of /proc/PID/stat (start time), which tells a recorded process from a later one that
# reused its PID. The command name (field 2) may hold spaces, so the fields are counted after it.
start_time() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  set -- ${stat##*) }
  echo "${20}"
}

proc_state() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  set -- ${stat##*) }
  echo "$1"
}

pid_of() { cat "$RUN_DIR/pids/$1.pid" 2>/dev/null; }

# True while the process recorded under NAME runs: same PID, same start time, not a zombie.
running() {
  local pid recorded state
  pid=$(pid_of "$1") || return 1
  recorded=$(cat "$RUN_DIR/pids/$1.start" 2>/dev/null) || return 1
  state=$(proc_state "$pid") || return 1
  [ "$state" != Z ] && [ "$(start_time "$pid")" = "$recorded" ]
}

record() {
  local name=$1 pid=$2
  echo "$pid" >"$RUN_DIR/pids/$name.pid"
  start_time "$pid" >"$RUN_DIR/pids/$name.start" || echo gone >"$RUN_DIR/pids/$name.start"
}

forget() { rm -f "$RUN_DIR/pids/$1".{pid,start,info,port}; }

# launch NAME DESCRIPTION COMMAND...: starts COMMAND in the background with its output in
# logs/NAME.log and records its PID.
launch() {
  local name=$1 info=$2
  shift 2
  nohup "$@" </dev/null >>"$RUN_DIR/logs/$name.log" 2>&1 9>&- &
  record "$name" $!
  echo "$info" >"$RUN_DIR/pids/$name.info"
  say "started $name (pid $!): $info"
}

recorded_names() {
  local f
  for f in "$RUN_DIR"/pids/*.pid; do
    [ -e "$f" ] || continue
    f=${f##*/}
    echo "${f%.pid}"
  done | sort -V
}

# stop_group NAME...: SIGTERM to each recorded process that still runs, then waits for all of them
# at most STOP_TIMEOUT seconds (default 60), then SIGKILL to what is left and waits 10 s more for it.
stop_group() {
  local name pid waiting=() left started=$SECONDS killed=0 timeout=${STOP_TIMEOUT:-60}
  for name in "$@"; do
    [ -e "$RUN_DIR/pids/$name.pid" ] || continue
    pid=$(pid_of "$name")
    if running "$name"; then
      say "stopping $name (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      waiting+=("$name")
    else
      say "$name (pid $pid) is not running"
      forget "$name"
    fi
  done
  while [ ${#waiting[@]} -gt 0 ]; do
    left=()
    for name in "${waiting[@]}"; do
      if running "$name"; then left+=("$name"); else say "  $name stopped"; forget "$name"; fi
    done
    waiting=("${left[@]+"${left[@]}"}")
    [ ${#waiting[@]} -eq 0 ] && break
    if [ "$killed" = 1 ] && [ $((SECONDS - started)) -ge $((timeout + 10)) ]; then
      printf 'error: still running after SIGKILL: %s\n' "${waiting[*]}" >&2
      return 1
    fi
    if [ "$killed" = 0 ] && [ $((SECONDS - started)) -ge "$timeout" ]; then
      for name in "${waiting[@]}"; do
        say "  $name did not stop within ${timeout} s: SIGKILL to pid $(pid_of "$name")"
        kill -KILL "$(pid_of "$name")" 2>/dev/null || true
      done
      killed=1
    fi
    sleep 0.5
  done
}
