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
