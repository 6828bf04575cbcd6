#!/usr/bin/env bash
# Runs every test Backchannel has: unit tests, integration tests against real Redis and RabbitMQ,
# and the multi-node cluster tests. Picks a JDK >= 21, makes sure Redis and RabbitMQ answer
# (starting or installing them if needed), then runs Maven's verify. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh

pick_jdk
ensure_redis
ensure_rabbitmq
ensure_frontend_tools
export REDIS_URL=${REDIS_URL:-redis://${REDIS_HOST:-127.0.0.1}:${REDIS_PORT:-6379}}
export AMQP_URL=${AMQP_URL:-amqp://guest:guest@${AMQP_HOST:-127.0.0.1}:${AMQP_PORT:-5672}}
say "tests use $REDIS_URL and $AMQP_URL; reports land in */target/surefire-reports and */target/failsafe-reports"
exec ./mvnw -B -ntp verify "$@"
