#!/usr/bin/env bash
# Local PostgreSQL for Scholar. Source this file, then call `scholar_pg_prepare`.
#
#   source scripts/postgres.sh
#   scholar_pg_prepare
#
# Afterwards DATABASE_URL and TEST_DATABASE_URL are exported (values already set
# in the environment are kept). With SCHOLAR_PG_EXTERNAL=1 and DATABASE_URL set,
# no local cluster is touched at all.
#
# Works as root (CI, no sudo needed) and as an ordinary user with sudo.
set -euo pipefail

scholar_log() { printf '[scholar] %s\n' "$*" >&2; }
scholar_warn() { printf '[scholar] WARNING: %s\n' "$*" >&2; }
scholar_die() { printf '[scholar] ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a command with root privileges: directly when root, else through sudo.
scholar_sudo() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    scholar_die "need root privileges for '$*' but not root and sudo is missing"
  fi
}

# apt-get install with a single `apt-get update` per shell session.
scholar_apt_install() {
  command -v apt-get >/dev/null 2>&1 || { scholar_warn "apt-get not found; cannot install $*"; return 1; }
  if [ "${SCHOLAR_APT_UPDATED:-0}" != 1 ]; then
    scholar_log "apt-get update"
    scholar_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq || return 1
    SCHOLAR_APT_UPDATED=1
  fi
  scholar_log "apt-get install $*"
  scholar_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" || return 1
}

# Runs a command as the postgres OS user (cwd / so psql does not complain about $HOME).
scholar_as_postgres() {
  if [ "$(id -un)" = postgres ]; then
    (cd / && "$@")
  elif [ "$(id -u)" -eq 0 ]; then
    local cmd
    printf -v cmd '%q ' "$@"
    (cd / && su postgres -s /bin/sh -c "$cmd")
  else
    (cd / && sudo -u postgres "$@")
  fi
}

# psql as the postgres superuser against the managed cluster; prints tuples only.
scholar_pg_psql() {
  scholar_as_postgres psql -X -q -p "$SCHOLAR_PG_PORT" -d postgres -v ON_ERROR_STOP=1 -tAc "$1"
}

# Sets SCHOLAR_PG_VERSION, SCHOLAR_PG_CLUSTER, SCHOLAR_PG_PORT, SCHOLAR_PG_STATUS from the first cluster,
# or from the cluster named $1 (any version); returns 1 when there is none.
scholar_pg_read_cluster() {
  local line
  line="$(pg_lsclusters -h 2>/dev/null | awk -v c="${1:-}" 'c == "" || $2 == c' | head -n 1 || true)"
  [ -n "$line" ] || return 1
  # shellcheck disable=SC2034 # owner/datadir/log are unused
  read -r SCHOLAR_PG_VERSION SCHOLAR_PG_CLUSTER SCHOLAR_PG_PORT SCHOLAR_PG_STATUS _ <<<"$line"
}

# Starts the cluster in SCHOLAR_PG_VERSION/SCHOLAR_PG_CLUSTER/SCHOLAR_PG_PORT when down, waits until it
# accepts connections, and makes sure role `scholar` (password `scholar`, CREATEDB) and database
# `scholar` exist and can log in over TCP on 127.0.0.1.
scholar_pg_start_and_login() {
  # 3. Start it when down.
  case "$SCHOLAR_PG_STATUS" in
    online*) ;;
    *)
      scholar_log "starting PostgreSQL cluster $SCHOLAR_PG_VERSION/$SCHOLAR_PG_CLUSTER"
      scholar_sudo pg_ctlcluster "$SCHOLAR_PG_VERSION" "$SCHOLAR_PG_CLUSTER" start
      ;;
  esac
  local i
  for i in $(seq 1 30); do
    if scholar_as_postgres pg_isready -q -p "$SCHOLAR_PG_PORT" >/dev/null 2>&1; then break; fi
    [ "$i" -lt 30 ] || scholar_die "PostgreSQL $SCHOLAR_PG_VERSION/$SCHOLAR_PG_CLUSTER on port $SCHOLAR_PG_PORT is not accepting connections"
    sleep 1
  done
  scholar_log "PostgreSQL $SCHOLAR_PG_VERSION/$SCHOLAR_PG_CLUSTER is up on port $SCHOLAR_PG_PORT"

  # 4. Role and database (idempotent). The password is (re)set every time so it is always known.
  if [ "$(scholar_pg_psql "SELECT 1 FROM pg_roles WHERE rolname = 'scholar'")" != 1 ]; then
    scholar_log "creating role scholar"
    scholar_pg_psql "CREATE ROLE scholar LOGIN CREATEDB PASSWORD 'scholar'" >/dev/null
  else
    scholar_pg_psql "ALTER ROLE scholar LOGIN CREATEDB PASSWORD 'scholar'" >/dev/null
  fi
  if [ "$(scholar_pg_psql "SELECT 1 FROM pg_database WHERE datname = 'scholar'")" != 1 ]; then
    scholar_log "creating database scholar"
    scholar_pg_psql "CREATE DATABASE scholar OWNER scholar" >/dev/null
  fi

  # 5. Password auth over TCP on 127.0.0.1 (Debian's default pg_hba.conf allows scram there).
  if ! PGPASSWORD=scholar PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 -p "$SCHOLAR_PG_PORT" -U scholar -d scholar \
      -tAc 'select 1' >/dev/null 2>&1; then
    local hba
    hba="$(scholar_pg_psql 'SHOW hba_file')"
    scholar_log "password login over 127.0.0.1 failed; adding a scram-sha-256 rule for scholar to $hba"
    scholar_sudo sed -i '1i host    all    scholar    127.0.0.1/32    scram-sha-256  # added by Scholar scripts/postgres.sh' "$hba"
    scholar_pg_psql 'SELECT pg_reload_conf()' >/dev/null
    sleep 1
    PGPASSWORD=scholar PGCONNECT_TIMEOUT=5 psql -X -q -h 127.0.0.1 -p "$SCHOLAR_PG_PORT" -U scholar -d scholar \
      -tAc 'select 1' >/dev/null ||
      scholar_die "cannot log in as scholar over TCP 127.0.0.1:$SCHOLAR_PG_PORT (check listen_addresses and $hba)"
  fi

}

scholar_pg_prepare() {
  if [ -n "${DATABASE_URL:-}" ] && [ "${SCHOLAR_PG_EXTERNAL:-0}" = 1 ]; then
    scholar_log "SCHOLAR_PG_EXTERNAL=1: using DATABASE_URL from the environment; no local PostgreSQL managed"
    if [ -z "${TEST_DATABASE_URL:-}" ]; then
      # Same server, maintenance database 'postgres' (integration tests CREATE DATABASE per class).
      TEST_DATABASE_URL="$(printf '%s' "$DATABASE_URL" | sed -E 's#^([a-z]+://[^/]*)/[^?]*#\1/postgres#')"
      export TEST_DATABASE_URL
      scholar_log "TEST_DATABASE_URL not set; derived from DATABASE_URL (database 'postgres')"
    fi
    export DATABASE_URL
    return 0
  fi

  # 1. Install PostgreSQL (Debian/Ubuntu packaging with postgresql-common) when missing.
  if ! command -v pg_lsclusters >/dev/null 2>&1; then
    scholar_log "PostgreSQL not installed; installing with apt-get"
    scholar_apt_install postgresql || scholar_die "could not install postgresql"
    hash -r
    command -v pg_lsclusters >/dev/null 2>&1 || scholar_die "pg_lsclusters still missing after installing postgresql"
  fi

  # 2. Pick the first existing cluster, or create one for the newest installed major version.
  if ! scholar_pg_read_cluster; then
    local major
    major="$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$major" ] || scholar_die "no PostgreSQL server version found under /usr/lib/postgresql"
    scholar_log "no PostgreSQL cluster found; creating $major/main"
    scholar_sudo pg_createcluster "$major" main >/dev/null
    scholar_pg_read_cluster || scholar_die "pg_createcluster $major main did not create a cluster"
  fi

  scholar_pg_start_and_login
  # 6. Connection strings (values from the environment win).
  export DATABASE_URL="${DATABASE_URL:-postgres://scholar:scholar@127.0.0.1:$SCHOLAR_PG_PORT/scholar}"
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://scholar:scholar@127.0.0.1:$SCHOLAR_PG_PORT/postgres}"
  scholar_log "PostgreSQL ready (role/database scholar, port $SCHOLAR_PG_PORT)"
}
