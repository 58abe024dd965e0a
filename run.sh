#!/usr/bin/env bash
# Runs Scholar locally: prepares PostgreSQL, builds, migrates + seeds, then starts
# the Web host and the OpsConsole host until Ctrl-C (or until any host dies).
#
#   ./run.sh                           # one Web process hosting the five apps (:5080) + console (:5090)
#   SCHOLAR_TOPOLOGY=split ./run.sh    # one Web process per app (:5081-:5085) + console
#   CONFIGURATION=Release ./run.sh     # a Release build (benchmarks)
#
# Every setting below can be overridden from the environment; all other
# environment variables pass through to every host unchanged.
set -euo pipefail

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")"

# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh

export CONFIGURATION="${CONFIGURATION:-Debug}"
export SCHOLAR_TOPOLOGY="${SCHOLAR_TOPOLOGY:-single}"
case "$SCHOLAR_TOPOLOGY" in single | split) ;; *) scholar_die "SCHOLAR_TOPOLOGY must be 'single' or 'split' (got '$SCHOLAR_TOPOLOGY')" ;; esac

# The split topology's ports (DESIGN.md 10.5): one process per app.
AUTH_URL="http://127.0.0.1:5081"
PILOT_URL="http://127.0.0.1:5082"
PROVIDER_URL="http://127.0.0.1:5083"
API_URL="http://127.0.0.1:5084"
COMMS_URL="http://127.0.0.1:5085"
if [ "$SCHOLAR_TOPOLOGY" = split ]; then
  export WEB_URLS="$AUTH_URL"
  export STUDENT_PILOT_REDIRECT_URIS="${STUDENT_PILOT_REDIRECT_URIS:-$PILOT_URL/pilot/signin-oidc}"
fi
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

if [ "$SCHOLAR_TOPOLOGY" = split ]; then
  for url in "$AUTH_URL" "$PILOT_URL" "$PROVIDER_URL" "$API_URL" "$COMMS_URL"; do check_port_free WEB "$url"; done
else
  check_port_free WEB "$WEB_URLS"
fi
check_port_free OPSCONSOLE "$OPSCONSOLE_URLS"

scholar_pg_prepare

scholar_log "dotnet build ($CONFIGURATION)"
dotnet build Scholar.sln -c "$CONFIGURATION" -nologo -v q

scholar_log "applying migrations and development seed data"
dotnet run --project src/Web -c "$CONFIGURATION" --no-build --no-launch-profile -- migrate

# Background hosts, each in its own session/process group (setsid) so that the
# whole tree (dotnet run + the app it launches) can be killed as a group.
names=()
pids=()
urls=()
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
  if [ "${#pids[@]}" -gt 0 ]; then
    scholar_log "stopping Scholar hosts"
    local i pid
    for pid in "${pids[@]}"; do stop_group "$pid"; done
    for i in $(seq 1 50); do
      local any=0
      for pid in "${pids[@]}"; do
        if group_alive "$pid"; then any=1; fi
      done
      [ "$any" = 1 ] || break
      sleep 0.2
    done
    for pid in "${pids[@]}"; do
      kill -KILL -- "-$pid" 2>/dev/null || true
    done
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start_host NAME PROJECT URLS [VAR=VALUE ...]: the host runs with these settings on top of the environment.
start_host() {
  local name="$1" project="$2" host_urls="$3"
  shift 3
  scholar_log "starting $name on $host_urls"
  if command -v setsid >/dev/null 2>&1; then
    setsid env "$@" dotnet run --project "$project" --no-build -c "$CONFIGURATION" --no-launch-profile -- --urls "$host_urls" </dev/null &
  else
    env "$@" dotnet run --project "$project" --no-build -c "$CONFIGURATION" --no-launch-profile -- --urls "$host_urls" </dev/null &
  fi
  names+=("$name")
  pids+=("$!")
  urls+=("$(first_url "$host_urls")")
}

# start_app APP URL: one app alone in its process, told where the other four are.
start_app() {
  local app="$1" url="$2" auth_settings=()
  [ "$app" = scholar_auth ] || auth_settings=("SCHOLAR_AUTH_BASE_URL=$AUTH_URL")
  start_host "$app" src/Web "$url" "SCHOLAR_APPS=$app" "APP_BASE_URL=$url" "OIDC_ISSUER=$OIDC_ISSUER" \
    "SCHOLARSHIP_API_BASE_URL=$API_URL" "AUTO_COM_CENTER_BASE_URL=$COMMS_URL" "PROVIDER_REGISTER_BASE_URL=$PROVIDER_URL" \
    "${auth_settings[@]}"
}

if [ "$SCHOLAR_TOPOLOGY" = split ]; then
  start_app scholar_auth "$AUTH_URL"
  start_app student_pilot "$PILOT_URL"
  start_app provider_register "$PROVIDER_URL"
  start_app scholarship_api "$API_URL"
  start_app auto_com_center "$COMMS_URL"
else
  start_host Web src/Web "$WEB_URLS"
fi
start_host OpsConsole src/OpsConsole "$OPSCONSOLE_URLS"

host_died() {
  local name="$1" pid="$2" rc=0
  wait "$pid" 2>/dev/null || rc=$?
  scholar_die "$name host exited (code $rc); stopping the other hosts"
}

check_alive() {
  local i
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null || host_died "${names[$i]}" "${pids[$i]}"
  done
}

ready=0
for _ in $(seq 1 90); do
  check_alive
  healthy=1
  for url in "${urls[@]}"; do
    curl -fsS -o /dev/null --max-time 2 "$url/healthz" 2>/dev/null || { healthy=0; break; }
  done
  if [ "$healthy" = 1 ]; then
    ready=1
    break
  fi
  sleep 1
done
[ "$ready" = 1 ] || scholar_die "hosts did not become healthy within 90 s (${urls[*]/%//healthz})"

echo
scholar_log "Scholar is running ($SCHOLAR_TOPOLOGY topology; Ctrl-C to stop)"
for i in "${!names[@]}"; do
  scholar_log "$(printf '  %-18s %s' "${names[$i]}:" "${urls[$i]}")"
done
if [ "$ASPNETCORE_ENVIRONMENT" = Development ]; then
  scholar_log "  Development sign-in: $OPS_BOOTSTRAP_EMAIL / $OPS_BOOTSTRAP_PASSWORD"
fi

while :; do
  check_alive
  sleep 1
done
