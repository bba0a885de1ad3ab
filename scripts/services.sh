#!/usr/bin/env bash
# Real PostgreSQL 15 and Redis 7 on loopback for the storage adapters' tests (no mocks, issue 3).
#
#   scripts/services.sh start     initdb/start both (idempotent) and print the env the tests read
#   scripts/services.sh stop      stop both
#   scripts/services.sh env       print `export FAPID_TEST_POSTGRES_URL=... FAPID_TEST_REDIS_URL=...`
#   scripts/services.sh status    exit 0 when both answer
#   scripts/services.sh restart-postgres|restart-redis|stop-postgres|start-postgres|stop-redis|start-redis
#                                 (fault tests call these)
#
# Data lives under $FAPID_SERVICES_DIR (default /tmp/fapid-services-<pg port>: as root the cluster runs as
# the `postgres` user, which may not reach into a checkout under /root), ports $FAPID_PG_PORT (55432) and
# $FAPID_REDIS_PORT (56379), away from any system instance. Packages come from scripts/install-deps.sh.
set -euo pipefail

PG_PORT="${FAPID_PG_PORT:-55432}"
DIR="${FAPID_SERVICES_DIR:-${TMPDIR:-/tmp}/fapid-services-$PG_PORT}"
REDIS_PORT="${FAPID_REDIS_PORT:-56379}"
PG_BIN="${FAPID_PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DATA="$DIR/postgres"
PG_SOCKET_DIR="$DIR/pg-socket"
REDIS_DIR="$DIR/redis"

say() { printf '[services] %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

# PostgreSQL refuses to run as root; as root the cluster belongs to the `postgres` user the package made.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_url() { echo "postgresql://fapid@127.0.0.1:$PG_PORT/fapid_test"; }
redis_url() { echo "redis://127.0.0.1:$REDIS_PORT/0"; }

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" 2>/dev/null; }
redis_ready() { [[ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]; }

wait_for() {  # wait_for NAME CHECK
  for _ in $(seq 1 100); do
    if "$2"; then return 0; fi
    sleep 0.1
  done
  die "$1 did not come up within 10 s"
}

start_postgres() {
  [[ -x "$PG_BIN/initdb" ]] || die "PostgreSQL 15 not found in $PG_BIN (run scripts/install-deps.sh)"
  pg_ready && return 0
  mkdir -p "$DIR" "$PG_SOCKET_DIR"
  chmod 0755 "$DIR"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DIR" "$PG_SOCKET_DIR"; fi
  if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
    say "initdb $PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust --no-sync -E UTF8 >/dev/null
  fi
  # fsync stays on: the fault tests restart this server and check that nothing committed is lost.
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$DIR/postgres.log" -w -t 20 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCKET_DIR -c max_connections=200" >/dev/null
  wait_for postgres pg_ready
  psql_admin() { "$PG_BIN/psql" -v ON_ERROR_STOP=1 -qAt -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"; }
  if [[ -z "$(psql_admin -d postgres -c "SELECT 1 FROM pg_roles WHERE rolname='fapid'")" ]]; then
    psql_admin -d postgres -c "CREATE ROLE fapid LOGIN"
  fi
  if [[ -z "$(psql_admin -d postgres -c "SELECT 1 FROM pg_database WHERE datname='fapid_test'")" ]]; then
    psql_admin -d postgres -c "CREATE DATABASE fapid_test OWNER fapid"
  fi
  say "postgres up: $(pg_url)"
}

stop_postgres() {
  if [[ -f "$PG_DATA/postmaster.pid" ]]; then
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 20 stop >/dev/null || true
  fi
}

start_redis() {
  command -v redis-server >/dev/null || die "redis-server not found (run scripts/install-deps.sh)"
  redis_ready && return 0
  mkdir -p "$REDIS_DIR"
  # appendonly with fsync every second: the production setting DESIGN.md assumes (Redis may lose its
  # last second of writes, which the durable grant rows make up for).
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --daemonize yes \
    --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
    --appendonly yes --appendfsync everysec --save "" >/dev/null
  wait_for redis redis_ready
  say "redis up: $(redis_url)"
}

stop_redis() {
  redis_ready && redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  for _ in $(seq 1 50); do redis_ready || return 0; sleep 0.1; done
}

print_env() {
  echo "export FAPID_TEST_POSTGRES_URL=$(pg_url)"
  echo "export FAPID_TEST_REDIS_URL=$(redis_url)"
}

case "${1:-}" in
  start) start_postgres; start_redis; print_env ;;
  stop) stop_redis; stop_postgres ;;
  env) print_env ;;
  status) pg_ready && redis_ready ;;
  start-postgres) start_postgres ;;
  stop-postgres) stop_postgres ;;
  restart-postgres) stop_postgres; start_postgres ;;
  start-redis) start_redis ;;
  stop-redis) stop_redis ;;
  restart-redis) stop_redis; start_redis ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
