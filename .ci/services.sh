#!/usr/bin/env bash
# The test suite's servers, each on a free 127.0.0.1 port in its own temporary folder:
#
#   services.sh start <dir> [--owner PID] [redis] [postgres]   (both when none is named)
#   services.sh stop <dir>
#
# `start` waits until each server answers, then writes <dir>/services.env (KEY=value lines):
# JWT_HOOKS_TEST_REDIS_URL, JWT_HOOKS_TEST_POSTGRES_URL, and the process ids and folders `stop`
# needs. `stop` ends exactly those processes (TERM; INT for PostgreSQL; KILL after a bound) and
# removes their folders, and <dir> when that leaves it empty.
# With --owner, a watcher runs `stop` as soon as that process is gone, however it ended.
set -euo pipefail

SELF=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
STOP_BOUND_SECONDS=10
READY_BOUND_SECONDS=30
PORT_ATTEMPTS=5
DATABASE=jwt_hooks

fail() { echo "services.sh: $*" >&2; exit 1; }

# A port the kernel just handed out on 127.0.0.1; a server may still lose it to another process
# before binding, so every start retries with a new port.
free_port() {
  timeout 10 node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close() })'
}

record() { echo "$1=$2" >>"$ENV_FILE.partial"; }

running() { kill -0 "$1" 2>/dev/null && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]; }

# Ends one recorded process (or, for "-PID", its process group) if it is still the one we started
# (same command name, so a recycled process id is left alone): the signal, then KILL after a bound.
end_process() {
  local target=$1 name=$2 signal=$3 waited=0
  local pid=${target#-}
  [[ -n $pid ]] || return 0
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$name" ]] || return 0
  kill "-$signal" -- "$target" 2>/dev/null || return 0
  while running "$pid"; do
    if ((waited >= STOP_BOUND_SECONDS * 10)); then
      echo "services.sh: $name ($pid) still running after ${STOP_BOUND_SECONDS}s, killing it" >&2
      kill -KILL -- "$target" 2>/dev/null || true
      break
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# Waits until `check` (itself bounded) succeeds, while the process still runs; 0 = ready,
# 1 = it exited, 2 = timed out.
wait_ready() {
  local pid=$1 check=$2 i
  for ((i = 0; i < READY_BOUND_SECONDS * 20; i++)); do
    running "$pid" || return 1
    $check && return 0
    sleep 0.05
  done
  return 2
}

start_redis() {
  local dir port pid status attempt
  dir=$(mktemp -d "${TMPDIR:-/tmp}/jwt-hooks-redis.XXXXXX")
  record JWT_HOOKS_SERVICES_REDIS_DIR "$dir"
  for ((attempt = 1; attempt <= PORT_ATTEMPTS; attempt++)); do
    port=$(free_port)
    redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
      --daemonize no --logfile "$dir/redis.log" </dev/null >/dev/null 2>&1 &
    pid=$!
    # Ready when the server answering on the port is this one, not another that took the port.
    redis_ping() { timeout 2 redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null | tr -d '\r' | grep -qx "process_id:$pid"; }
    status=0
    wait_ready "$pid" redis_ping || status=$?
    if ((status == 0)); then
      record JWT_HOOKS_SERVICES_REDIS_PID "$pid"
      record JWT_HOOKS_TEST_REDIS_URL "redis://127.0.0.1:$port"
      return 0
    fi
    if ((status == 2)); then
      record JWT_HOOKS_SERVICES_REDIS_PID "$pid"
      fail "redis-server did not answer within ${READY_BOUND_SECONDS}s (log: $dir/redis.log)"
    fi
    grep -q 'Address already in use' "$dir/redis.log" 2>/dev/null || { cat "$dir/redis.log" >&2; fail "redis-server exited"; }
  done
  fail "redis-server found no free port in $PORT_ATTEMPTS attempts"
}

start_postgres() {
  local bin dir port pid status attempt
  bin=$(compgen -G '/usr/lib/postgresql/*/bin' | sort -V | tail -n 1) ||
    fail "PostgreSQL is not installed (Debian package postgresql; bash .ci/install-system-packages.sh installs it)"
  # Under /tmp, not TMPDIR: the postgres user must reach it, and a Unix socket path is short.
  dir=$(mktemp -d /tmp/jwt-hooks-postgres.XXXXXX)
  record JWT_HOOKS_SERVICES_POSTGRES_DIR "$dir"
  # PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user
  # (setpriv execs, so the recorded process id is the server's own).
  local as_postgres=()
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
  fi
  "${as_postgres[@]}" "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust --encoding=UTF8 \
    --no-locale --no-sync --no-instructions >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; fail "initdb failed"; }
  for ((attempt = 1; attempt <= PORT_ATTEMPTS; attempt++)); do
    port=$(free_port)
    # A throwaway server: durability settings off, which makes CREATE DATABASE fast.
    "${as_postgres[@]}" "$bin/postgres" -D "$dir/data" -c listen_addresses=127.0.0.1 -c port="$port" \
      -c unix_socket_directories="$dir" -c fsync=off -c synchronous_commit=off \
      -c full_page_writes=off -c max_connections=200 </dev/null >>"$dir/postgres.log" 2>&1 &
    pid=$!
    # postmaster.pid says "ready" once this server listens (a lost port makes it exit instead).
    postgres_ready() { [[ $(sed -n '1p;8p' "$dir/data/postmaster.pid" 2>/dev/null | tr -s '\n ' '  ') == "$pid ready " ]]; }
    status=0
    wait_ready "$pid" postgres_ready || status=$?
    if ((status == 0)); then
      record JWT_HOOKS_SERVICES_POSTGRES_PID "$pid"
      timeout 30 "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres \
        -c "CREATE DATABASE $DATABASE" >/dev/null || fail "could not create database $DATABASE"
      record JWT_HOOKS_TEST_POSTGRES_URL "postgres://postgres@127.0.0.1:$port/$DATABASE"
      return 0
    fi
    if ((status == 2)); then
      record JWT_HOOKS_SERVICES_POSTGRES_PID "$pid"
      fail "PostgreSQL did not answer within ${READY_BOUND_SECONDS}s (log: $dir/postgres.log)"
    fi
    grep -q 'Address already in use' "$dir/postgres.log" || { cat "$dir/postgres.log" >&2; fail "PostgreSQL exited"; }
  done
  fail "PostgreSQL found no free port in $PORT_ATTEMPTS attempts"
}

stop_all() {
  local file=$1 key value watcher='' redis_pid='' postgres_pid='' dirs=()
  [[ -f $file ]] || return 0
  while IFS='=' read -r key value; do
    case $key in
      JWT_HOOKS_SERVICES_WATCHER_PID) watcher=$value ;;
      JWT_HOOKS_SERVICES_REDIS_PID) redis_pid=$value ;;
      JWT_HOOKS_SERVICES_POSTGRES_PID) postgres_pid=$value ;;
      JWT_HOOKS_SERVICES_*_DIR) dirs+=("$value") ;;
    esac
  done <"$file"
  # The watcher runs this very stop (it execs it) once its owner is gone.
  [[ $watcher == "$$" ]] || end_process "-$watcher" bash TERM
  end_process "$redis_pid" redis-server TERM
  # TERM is PostgreSQL's "smart" shutdown, which waits for clients; INT disconnects them.
  end_process "$postgres_pid" postgres INT
  local dir
  for dir in "${dirs[@]}"; do
    [[ $dir == */jwt-hooks-* ]] && rm -rf -- "$dir"
  done
  rm -f -- "$file"
}

command=${1:-}
[[ $# -ge 2 ]] || fail "usage: services.sh start <dir> [--owner PID] [redis] [postgres] | services.sh stop <dir>"
if [[ $command == start ]]; then mkdir -p "$2"; elif [[ ! -d $2 ]]; then exit 0; fi
state_dir=$(cd "$2" && pwd)
ENV_FILE=$state_dir/services.env
shift 2
# Programs run as `postgres` need a working directory they may enter.
cd /

case $command in
  start)
    owner='' services=()
    while [[ $# -gt 0 ]]; do
      case $1 in
        --owner) owner=${2:?--owner needs a process id}; shift 2 ;;
        redis | postgres) services+=("$1"); shift ;;
        *) fail "unknown argument: $1" ;;
      esac
    done
    [[ ${#services[@]} -gt 0 ]] || services=(redis postgres)
    [[ ! -e $ENV_FILE ]] || fail "$ENV_FILE exists: services already started there (stop them first)"
    : >"$ENV_FILE.partial"
    # Whatever fails or is interrupted half-way, nothing started is left running.
    trap 'status=$?; if ((status != 0)); then stop_all "$ENV_FILE.partial"; fi' EXIT
    trap 'exit 130' INT TERM
    if [[ -n $owner ]]; then
      kill -0 "$owner" 2>/dev/null || fail "owner process $owner is not running"
      # Its own session: a Ctrl-C that ends the owner does not end the watcher before it stops us.
      setsid bash -c 'tail --pid="$1" -f /dev/null; exec bash "$2" stop "$3"' watcher "$owner" "$SELF" "$state_dir" \
        </dev/null >/dev/null 2>&1 &
      record JWT_HOOKS_SERVICES_WATCHER_PID "$!"
    fi
    for service in "${services[@]}"; do
      case $service in
        redis) command -v redis-server >/dev/null ||
          fail "redis-server is not installed (Debian package redis-server; bash .ci/install-system-packages.sh installs it)"
          start_redis ;;
        postgres) start_postgres ;;
      esac
    done
    [[ -z $owner ]] || kill -0 "$owner" 2>/dev/null || fail "owner process $owner ended during start"
    mv "$ENV_FILE.partial" "$ENV_FILE"
    ;;
  stop)
    stop_all "$ENV_FILE.partial"
    stop_all "$ENV_FILE"
    # The folder goes too when nothing else is in it.
    rmdir "$state_dir" 2>/dev/null || true
    ;;
  *) fail "unknown command: $command" ;;
esac
