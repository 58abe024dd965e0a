#!/usr/bin/env bash
# Runs Scholar locally: prepares PostgreSQL, builds, migrates + seeds, then starts
# the Web host and the OpsConsole host until Ctrl-C (or until either host dies).
#
# Every setting below can be overridden from the environment; all other
# environment variables pass through to both hosts unchanged.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh

export CONFIGURATION="${CONFIGURATION:-Debug}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export WEB_URLS="${WEB_URLS:-http://127.0.0.1:5080}"
export OPSCONSOLE_URLS="${OPSCONSOLE_URLS:-http://127.0.0.1:5090}"
export APP_BASE_URL="${APP_BASE_URL:-$WEB_URLS}"
export OIDC_ISSUER="${OIDC_ISSUER:-$APP_BASE_URL}"
export OPSCONSOLE_BASE_URL="${OPSCONSOLE_BASE_URL:-$OPSCONSOLE_URLS}"
export OPS_BOOTSTRAP_EMAIL="${OPS_BOOTSTRAP_EMAIL:-ceo@scholar.local}"
export OPS_BOOTSTRAP_PASSWORD="${OPS_BOOTSTRAP_PASSWORD:-Scholar-dev-ceo-1!}"

# First URL of a ';'-separated ASP.NET Core URL list, with wildcard hosts mapped to 127.0.0.1.
first_url() {
  local url="${1%%;*}"
  url="${url%/}"
  printf '%s' "$url" | sed -E 's#://(\*|\+|0\.0\.0\.0|\[::\])(:|/|$)#://127.0.0.1\2#'
}

# Fails (exit 1) with a clear message when something already listens on a URL's port.
check_port_free() {
  local name="$1" urls="$2" url hostport host port
  local IFS=';'
  for url in $urls; do
    url="$(first_url "$url")"
    hostport="${url#*://}"
    hostport="${hostport%%/*}"
    case "$url" in https://*) port=443 ;; *) port=80 ;; esac
    host="$hostport"
    if [[ "$hostport" =~ ^(.*):([0-9]+)$ ]]; then
      host="${BASH_REMATCH[1]}"
      port="${BASH_REMATCH[2]}"
    fi
    host="${host#[}"
    host="${host%]}"
    [ "$host" != localhost ] || host=127.0.0.1
    if (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null; then
      scholar_die "$name: port $port on $host is already in use ($url). Is Scholar already running? Stop it or set ${name}_URLS."
    fi
  done
}

check_port_free WEB "$WEB_URLS"
check_port_free OPSCONSOLE "$OPSCONSOLE_URLS"

scholar_pg_prepare

scholar_log "dotnet build ($CONFIGURATION)"
dotnet build Scholar.sln -c "$CONFIGURATION" -nologo -v q

scholar_log "applying migrations and development seed data"
dotnet run --project src/Web -c "$CONFIGURATION" --no-build --no-launch-profile -- migrate

# Background hosts, each in its own session/process group (setsid) so that the
# whole tree (dotnet run + the app it launches) can be killed as a group.
web_pid=""
ops_pid=""
cleaning=0

stop_group() {
  local pid="$1"
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
}

group_alive() {
  # True while any process of the group started by $1 is still alive.
  kill -0 -- "-$1" 2>/dev/null || kill -0 "$1" 2>/dev/null
}

cleanup() {
  local rc=$?
  [ "$cleaning" = 0 ] || return 0
  cleaning=1
  trap - INT TERM EXIT
  if [ -n "$web_pid$ops_pid" ]; then
    scholar_log "stopping Scholar hosts"
    stop_group "$web_pid"
    stop_group "$ops_pid"
    local i pid
    for i in $(seq 1 50); do
      local any=0
      for pid in $web_pid $ops_pid; do
        if group_alive "$pid"; then any=1; fi
      done
      [ "$any" = 1 ] || break
      sleep 0.2
    done
    for pid in $web_pid $ops_pid; do
      kill -KILL -- "-$pid" 2>/dev/null || true
    done
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_host() {
  # $1 = project dir, $2 = urls. Prints the PID (= process group id).
  if command -v setsid >/dev/null 2>&1; then
    setsid dotnet run --project "$1" --no-build -c "$CONFIGURATION" --no-launch-profile -- --urls "$2" </dev/null &
  else
    dotnet run --project "$1" --no-build -c "$CONFIGURATION" --no-launch-profile -- --urls "$2" </dev/null &
  fi
}

scholar_log "starting Web on $WEB_URLS"
start_host src/Web "$WEB_URLS"
web_pid=$!
scholar_log "starting OpsConsole on $OPSCONSOLE_URLS"
start_host src/OpsConsole "$OPSCONSOLE_URLS"
ops_pid=$!

web_url="$(first_url "$WEB_URLS")"
ops_url="$(first_url "$OPSCONSOLE_URLS")"

host_died() {
  local name="$1" pid="$2" rc=0
  wait "$pid" 2>/dev/null || rc=$?
  scholar_die "$name host exited (code $rc); stopping the other host"
}

ready=0
for _ in $(seq 1 60); do
  kill -0 "$web_pid" 2>/dev/null || host_died Web "$web_pid"
  kill -0 "$ops_pid" 2>/dev/null || host_died OpsConsole "$ops_pid"
  if curl -fsS -o /dev/null --max-time 2 "$web_url/healthz" 2>/dev/null &&
     curl -fsS -o /dev/null --max-time 2 "$ops_url/healthz" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 1
done
[ "$ready" = 1 ] || scholar_die "hosts did not become healthy within 60 s ($web_url/healthz, $ops_url/healthz)"

echo
scholar_log "Scholar is running (Ctrl-C to stop)"
scholar_log "  Web:        $web_url"
scholar_log "  OpsConsole: $ops_url"
if [ "$ASPNETCORE_ENVIRONMENT" = Development ]; then
  scholar_log "  Development sign-in: $OPS_BOOTSTRAP_EMAIL / $OPS_BOOTSTRAP_PASSWORD"
fi

while :; do
  kill -0 "$web_pid" 2>/dev/null || host_died Web "$web_pid"
  kill -0 "$ops_pid" 2>/dev/null || host_died OpsConsole "$ops_pid"
  sleep 1
done
