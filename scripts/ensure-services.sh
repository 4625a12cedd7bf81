#!/usr/bin/env bash
# Makes sure PostgreSQL and Redis answer before the tests (npm test) or the service run.
#
# For each server the tests or the service will use (TEST_PG_URL / DATABASE_URL, TEST_REDIS_URL /
# REDIS_URL, defaulting to 127.0.0.1:5432 and 127.0.0.1:6379):
#   - answering already: say so, one line;
#   - on this machine and installed: start it;
#   - on this machine, missing, and we may install (root or passwordless sudo, apt-get): install it,
#     allow user postgres in without a password from 127.0.0.1/::1 (trust), start it;
#   - otherwise: say exactly what to install and exit 1.
# A server on another host is only probed. Safe to run again.
set -euo pipefail

WAIT_SECONDS=${XIAOBAN_SERVICE_WAIT_SECONDS:-30}

log() { printf '%s\n' "$*"; }
fail() { printf 'ensure-services: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly, through passwordless sudo, or not at all (returns 1).
as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else return 1
  fi
}
can_be_root() { [[ $EUID -eq 0 ]] || { command -v sudo >/dev/null && sudo -n true 2>/dev/null; }; }

# host and port of a postgresql:// or redis:// URL: "host port"
host_port() {
  local url=$1 default_port=$2 rest host port
  rest=${url#*://}; rest=${rest%%[/?]*}; rest=${rest##*@}
  if [[ $rest == \[* ]]; then host=${rest%%]*}; host=${host#[}; port=${rest#*]}; port=${port#:}
  else host=${rest%%:*}; port=${rest#"$host"}; port=${port#:}
  fi
  printf '%s %s\n' "${host:-127.0.0.1}" "${port:-$default_port}"
}
is_local() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == ::1 ]]; }

tcp_open() { timeout 3 bash -c "exec 3<>'/dev/tcp/$1/$2'" 2>/dev/null; }

pg_answers() {
  if command -v pg_isready >/dev/null; then pg_isready -q -h "$1" -p "$2" -t 3
  else tcp_open "$1" "$2"
  fi
}

redis_answers() {
  local reply
  if command -v redis-cli >/dev/null; then
    reply=$(timeout 3 redis-cli -h "$1" -p "$2" ping 2>&1 || true)
  else
    reply=$(timeout 3 bash -c "exec 3<>'/dev/tcp/$1/$2'; printf 'PING\r\n' >&3; IFS= read -r line <&3; printf '%s' \"\$line\"" 2>/dev/null || true)
  fi
  # A server that wants a password still answers (NOAUTH); the client will authenticate.
  [[ $reply == *PONG* || $reply == *NOAUTH* ]]
}

wait_for() { # name probe host port
  local name=$1 probe=$2 host=$3 port=$4 deadline=$((SECONDS + WAIT_SECONDS))
  until "$probe" "$host" "$port"; do
    (( SECONDS < deadline )) || fail "$name does not answer at $host:$port (waited ${WAIT_SECONDS}s); start it or fix the URL"
    sleep 1
  done
}

apt_install() { # packages...
  can_be_root && command -v apt-get >/dev/null || return 1
  log "installing $* (apt-get)"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_installed() { compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; }

start_postgres() {
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if [[ ! -d /etc/postgresql/$version/main ]] && command -v pg_createcluster >/dev/null; then
    as_root pg_createcluster "$version" main >/dev/null || true
  fi
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
    || as_root service postgresql start >/dev/null 2>&1 \
    || fail "PostgreSQL $version is installed but could not be started (try: sudo service postgresql start)"
}

# The tests connect as user postgres over TCP without a password; a fresh Debian cluster asks for one.
allow_passwordless_postgres() { # url
  command -v psql >/dev/null || return 0
  if psql -w "$1" -Atc 'SELECT 1' >/dev/null 2>&1; then return 0; fi
  local hba
  hba=$(as_root su postgres -s /bin/sh -c "psql -Atc 'SHOW hba_file'" 2>/dev/null) || return 0
  [[ -n $hba ]] || return 0
  log "postgresql: allowing user postgres from 127.0.0.1 and ::1 without a password ($hba)"
  as_root sed -i '1i host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust' "$hba"
  as_root su postgres -s /bin/sh -c "psql -Atc 'SELECT pg_reload_conf()'" >/dev/null
}

ensure_postgres() { # url
  local host port
  read -r host port < <(host_port "$1" 5432)
  if pg_answers "$host" "$port"; then log "postgresql: answering at $host:$port"; return; fi
  if ! is_local "$host"; then
    wait_for PostgreSQL pg_answers "$host" "$port"
    log "postgresql: answering at $host:$port"; return
  fi
  if ! pg_installed; then
    apt_install postgresql || fail "PostgreSQL is not installed. Install and start it, e.g.
  Debian/Ubuntu: sudo apt-get install postgresql redis-server
  macOS:         brew install postgresql@15 redis && brew services start postgresql@15 && brew services start redis
then allow user postgres to connect from 127.0.0.1 without a password, or set TEST_PG_URL."
  fi
  log "postgresql: starting"
  start_postgres
  wait_for PostgreSQL pg_answers "$host" "$port"
  allow_passwordless_postgres "$1"
  log "postgresql: answering at $host:$port"
}

ensure_redis() { # url
  local host port
  read -r host port < <(host_port "$1" 6379)
  if redis_answers "$host" "$port"; then log "redis: answering at $host:$port"; return; fi
  if ! is_local "$host"; then
    wait_for Redis redis_answers "$host" "$port"
    log "redis: answering at $host:$port"; return
  fi
  if ! command -v redis-server >/dev/null; then
    apt_install redis-server || fail "Redis is not installed. Install and start it, e.g.
  Debian/Ubuntu: sudo apt-get install redis-server
  macOS:         brew install redis && brew services start redis"
  fi
  log "redis: starting on port $port"
  # Test and development data only: no snapshots, no append-only file.
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save "" --appendonly no >/dev/null
  wait_for Redis redis_answers "$host" "$port"
  log "redis: answering at $host:$port"
}

# Each distinct server once: the tests' (TEST_*_URL or the defaults) and the service's, when set.
declare -A seen=()
for url in "${TEST_PG_URL:-postgresql://postgres@127.0.0.1:5432/postgres}" ${DATABASE_URL:+"$DATABASE_URL"}; do
  key=$(host_port "$url" 5432); [[ -n ${seen[pg $key]:-} ]] && continue; seen[pg $key]=1
  ensure_postgres "$url"
done
for url in "${TEST_REDIS_URL:-redis://127.0.0.1:6379}" ${REDIS_URL:+"$REDIS_URL"}; do
  key=$(host_port "$url" 6379); [[ -n ${seen[redis $key]:-} ]] && continue; seen[redis $key]=1
  ensure_redis "$url"
done
