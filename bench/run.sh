#!/usr/bin/env bash
# One command, one run of Scholar's benchmark: prepares PostgreSQL, builds Release, starts a Web host
# on its own database (scholar_bench, recreated), then for each hot path (ledger read, consume,
# /api/send, Stripe webhook fulfillment) and each client count (1, 8, 32) drives the real HTTP
# contract with bench/Scholar.Bench, runs pgbench on the equivalent SQL (bench/sql/*.sql) against
# the same PostgreSQL in the same run, prints one table and writes it to docs/performance.md.
#
#   bench/run.sh
#   TOPOLOGY=split SCENARIOS="webhook send" bench/run.sh   # five processes, one per app (docs/performance-split.md)
#
# Environment (all optional):
#   SCENARIOS ("balance consume send webhook receipts"; receipts = the webhook with the receipt pipeline
#   running, on a second host with the delivery loops on, with the receipt's P95 from purchase to sent), CLIENT_COUNTS ("1 8 32"), SECONDS_PER_RUN (10),
#   WARMUP (3 s before each row), HOST_WARMUP (10 s rounds of host warm-up per path, until the host's CPU per
#   request settles), HOST_WARMUP_MAX (240 s), BENCH_PORT (5281), BENCH_DATABASE (scholar_bench), REPORT (docs/performance.md;
#   empty = print only), PAYMENTS_PER_RUN (15000 pending payments seeded per webhook run),
#   TOPOLOGY (single; split = one process per app on BENCH_PORT+1..+5, each path driven at the app that owns it,
#   web CPU summed over the five processes; REPORT then defaults to docs/performance-split.md),
#   SOAK_SECONDS (0; else the webhook with receipts flowing for that long at 8 clients after the rows, printing the
#   receipts host's resident memory every 30 s),
#   PROFILE (a folder: each measured run of the single host is also sampled with dotnet-trace (a local tool:
#   `dotnet tool restore`), written as <path>-<clients>.nettrace with its top methods in <path>-<clients>.top.txt;
#   dotnet-trace samples every thread, waiting ones too),
#   PERF (a folder: each measured run of the single host is also sampled on CPU with Linux perf (apt: linux-perf), JIT
#   code named through the runtime's perf map: <path>-<clients>.perf.data, with the busiest modules and methods (self
#   and inclusive) in <path>-<clients>.perf.txt).
# Latency "client" is what the harness saw; "server" is the host's own Server-Timing (app;dur).
# "web CPU" is the host process's user+system CPU per request (from /proc), warm-up excluded.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh

SCENARIOS="${SCENARIOS:-balance consume send webhook receipts}"
CLIENT_COUNTS="${CLIENT_COUNTS:-1 8 32}"
SECONDS_PER_RUN="${SECONDS_PER_RUN:-10}"
WARMUP="${WARMUP:-3}"
HOST_WARMUP="${HOST_WARMUP:-10}"
HOST_WARMUP_MAX="${HOST_WARMUP_MAX:-240}"
BENCH_PORT="${BENCH_PORT:-5281}"
BENCH_DATABASE="${BENCH_DATABASE:-scholar_bench}"
PAYMENTS_PER_RUN="${PAYMENTS_PER_RUN:-15000}"
TOPOLOGY="${TOPOLOGY:-single}"
case "$TOPOLOGY" in
  single) ;;
  split)
    REPORT="${REPORT-docs/performance-split.md}"
    [[ " $SCENARIOS " != *" receipts "* ]] || { printf '[bench] ERROR: the receipts row runs in the single topology only\n' >&2; exit 1; }
    ;;
  *) printf '[bench] ERROR: TOPOLOGY must be single or split\n' >&2; exit 1 ;;
esac
REPORT="${REPORT-docs/performance.md}"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

scholar_pg_prepare
for tool in curl psql pgbench dotnet awk; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done

admin_url="$(printf '%s' "$DATABASE_URL" | sed -E 's#^([a-z]+://[^/]*)/[^?]*#\1/postgres#')"
export DATABASE_URL
DATABASE_URL="$(printf '%s' "$DATABASE_URL" | sed -E "s#^([a-z]+://[^/]*)/[^?]*#\\1/$BENCH_DATABASE#")"
base_url="http://127.0.0.1:$BENCH_PORT"
# Where each app is reached: all at base_url, or (split) one port each.
declare -A app_url=()
apps=(scholar_auth student_pilot provider_register scholarship_api auto_com_center)
for i in "${!apps[@]}"; do
  if [ "$TOPOLOGY" = split ]; then app_url[${apps[$i]}]="http://127.0.0.1:$((BENCH_PORT + i + 1))"; else app_url[${apps[$i]}]="$base_url"; fi
done
for url in "$base_url" "${app_url[@]}"; do
  port="${url##*:}"
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && die "port $port is in use: set BENCH_PORT"
done
auth_url="${app_url[scholar_auth]}"
api_url="${app_url[scholarship_api]}"

work="$(mktemp -d)"
web_pids=()
cleanup() {
  local pid
  for pid in "${web_pids[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

log "recreating database $BENCH_DATABASE"
psql "$admin_url" -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $BENCH_DATABASE WITH (FORCE)" -c "CREATE DATABASE $BENCH_DATABASE" >/dev/null

log "dotnet build (Release)"
dotnet build src/Web -c Release -nologo -v q >/dev/null
dotnet build bench/Scholar.Bench -c Release -nologo -v q >/dev/null
web_dll=src/Web/bin/Release/net10.0/Scholar.Web.dll
bench_dll=bench/Scholar.Bench/bin/Release/net10.0/Scholar.Bench.dll

# The host runs as in development (sandbox Stripe, local mailbox), with secrets of this run only.
export ASPNETCORE_ENVIRONMENT=Development
if [ -n "${PERF:-}" ]; then
  command -v perf >/dev/null 2>&1 || die "PERF needs Linux perf (apt-get install -y linux-perf)"
  # The runtime writes /tmp/perf-<pid>.map for JIT code; without W^X double mapping perf can attribute samples to it.
  export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
  mkdir -p "$PERF"
fi
# Receipt and email delivery loops stay off: the table measures the request paths, as pgbench measures
# their SQL; delivery under load and faults is what bench/faults.sh exercises.
export NOTIFY_DISPATCH_ENABLED=false
export APP_BASE_URL="$auth_url" OIDC_ISSUER="$auth_url"
export OPS_BOOTSTRAP_EMAIL=bench-ceo@scholar.local
export OPS_BOOTSTRAP_PASSWORD="Bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')!"
# The bench signs in one student per client; the sign-up and token endpoints' per-client limit would refuse that.
export AUTH_RATE_LIMIT_PER_MINUTE=100000
export STRIPE_WEBHOOK_SECRET="whsec_bench_$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export NOTIFY_WEBHOOK_SECRET="bench-notify-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"

log "migrating $BENCH_DATABASE"
dotnet "$web_dll" migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; die "migrate failed"; }

# The content root is the project's, as `dotnet run` (run.sh) and a published app have it: without it the
# host finds no appsettings.json and logs every SQL command and request at Information, which the
# first version of this table measured (a third of the Web process's CPU on the ledger paths).
content_root=(--contentRoot "$PWD/src/Web")
# The hosts' connection pools: at most BENCH_POOL (45) connections each, idle ones closed after 15 s, so two
# hosts (the receipts row's and the one before it) and pgbench's 32 clients stay within PostgreSQL's
# max_connections (100). Npgsql keywords, so the hosts' DATABASE_URL only: psql and pgbench would refuse them.
web_database_url="$DATABASE_URL$([[ "$DATABASE_URL" == *\?* ]] && printf '&' || printf '?')Maximum%20Pool%20Size=${BENCH_POOL:-45}&Connection%20Idle%20Lifetime=15"
# start_web URL [VAR=VALUE ...]: one Release Web host with these settings on top of the environment.
start_web() {
  local url="$1"
  shift
  env "DATABASE_URL=$web_database_url" "$@" dotnet "$web_dll" --urls "$url" "${content_root[@]}" >"$work/web-${url##*:}.log" 2>&1 &
  web_pids+=("$!")
}
if [ "$TOPOLOGY" = split ]; then
  log "starting five Web processes (Release), one per app, on ports $((BENCH_PORT + 1))-$((BENCH_PORT + 5))"
  for app in "${apps[@]}"; do
    remote=()
    [ "$app" = scholar_auth ] || remote=("SCHOLAR_AUTH_BASE_URL=$auth_url")
    start_web "${app_url[$app]}" "SCHOLAR_APPS=$app" "APP_BASE_URL=${app_url[$app]}" \
      "SCHOLARSHIP_API_BASE_URL=$api_url" "AUTO_COM_CENTER_BASE_URL=${app_url[auto_com_center]}" \
      "PROVIDER_REGISTER_BASE_URL=${app_url[provider_register]}" "${remote[@]}"
  done
else
  log "starting Web (Release) on $base_url"
  start_web "$base_url"
fi
# The receipts row's host: the same Web host with the receipt pipeline on (outbox → /api/send over
# HTTP to itself → notification → local mailbox), started when that row comes.
receipts_url="http://127.0.0.1:$((BENCH_PORT + 10))"
start_receipts_host() {
  [ -z "${receipts_pid:-}" ] || return 0
  # Rows the other webhook rows queued (their loops were off) are not this row's work: settle them first.
  psql "$DATABASE_URL" -X -q -c "UPDATE outbox_messages SET status = 'Sent', processed_at = now() WHERE status = 'Pending'" \
    -c "UPDATE notifications SET status = 'Sent', sent_at = now() WHERE status IN ('Queued', 'Sending')" >/dev/null
  log "starting the receipts host (Release, delivery loops on) on $receipts_url"
  start_web "$receipts_url" NOTIFY_DISPATCH_ENABLED=true "AUTO_COM_CENTER_BASE_URL=$receipts_url"
  receipts_pid="${web_pids[-1]}"
  for i in $(seq 1 60); do
    curl -fsS -o /dev/null --max-time 2 "$receipts_url/healthz" 2>/dev/null && return 0
    kill -0 "$receipts_pid" 2>/dev/null || { cat "$work/web-${receipts_url##*:}.log" >&2; die "the receipts host exited"; }
    sleep 1
  done
  die "the receipts host did not answer /healthz within 60 s"
}
for url in $(printf '%s\n' "${app_url[@]}" | sort -u); do
  for i in $(seq 1 60); do
    for pid in "${web_pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { cat "$work"/web-*.log >&2; die "a Web host exited"; }
    done
    curl -fsS -o /dev/null --max-time 2 "$url/healthz" 2>/dev/null && break
    [ "$i" -lt 60 ] || die "the Web host at $url did not answer /healthz within 60 s"
    sleep 1
  done
done

# An access token (password grant, client scholar_cli) for an email and password, with the given scopes.
access_token() {
  local answer
  answer="$(curl -sS -X POST "$auth_url/connect/token" \
    --data-urlencode grant_type=password --data-urlencode client_id=scholar_cli \
    --data-urlencode "username=$1" --data-urlencode "password=$2" --data-urlencode "scope=$3")"
  printf '%s' "$answer" | grep -o '"access_token": *"[^"]*"' | cut -d'"' -f4 || true
}

token="$(access_token "$OPS_BOOTSTRAP_EMAIL" "$OPS_BOOTSTRAP_PASSWORD" "openid credits credits.admin")"
[ -n "$token" ] || die "the CEO's token request failed"
user_id="$(psql "$DATABASE_URL" -X -tAc "SELECT id FROM users WHERE normalized_email = lower('$OPS_BOOTSTRAP_EMAIL')")"

# Students do not share a credit account: each client is its own student (signed up, signed in, granted
# credits), as each pgbench client uses its own account copy (bench/sql/setup.sql, :client_id).
students=0
for c in $CLIENT_COUNTS; do [ "$c" -le "$students" ] || students="$c"; done
student_password="Bench-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')!"
: >"$work/tokens"
student_ids=()
log "signing up $students students"
for i in $(seq 0 $((students - 1))); do
  email="bench-student-$i@scholar.local"
  status="$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$auth_url/api/auth/signup" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$student_password\",\"displayName\":\"Bench $i\"}")"
  [ "$status" = 201 ] || [ "$status" = 200 ] || die "the sign-up of $email answered $status"
  student_token="$(access_token "$email" "$student_password" "openid credits")"
  [ -n "$student_token" ] || die "the token request of $email failed"
  printf '%s\n' "$student_token" >>"$work/tokens"
  student_id="$(psql "$DATABASE_URL" -X -tAc "SELECT id FROM users WHERE normalized_email = lower('$email')")"
  student_ids+=("$student_id")
  status="$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$api_url/api/ledger/entries" \
    -H "Authorization: Bearer $token" -H "Idempotency-Key: bench-topup-$i-$(date +%s%N)" -H 'Content-Type: application/json' \
    -d "{\"userId\":\"$student_id\",\"delta\":1000000000,\"kind\":\"grant\",\"reason\":\"bench top-up\"}")"
  [ "$status" = 201 ] || die "the top-up grant of $email answered $status"
done
student_array="ARRAY['$(IFS=,; printf '%s' "${student_ids[*]}" | sed "s/,/','/g")']::uuid[]"

log "pgbench copies of the tables (schema pgbench_copy)"
psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 -v payments="$PAYMENTS_PER_RUN" -v clients="$students" \
  -f bench/sql/setup.sql >/dev/null

# User + system CPU ticks of every Web process of the run.
web_cpu_ticks() {
  local pid total=0
  for pid in "${web_pids[@]}"; do total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done
  printf '%s' "$total"
}

# Resident memory (working set) of the Web process(es) a path runs on, in MiB.
web_rss_mib() {
  local pid total=0 pids=("${web_pids[@]}")
  [ "$scenario" != receipts ] || pids=("$receipts_pid")
  for pid in "${pids[@]}"; do total=$((total + $(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status"))); done
  printf '%s' "$((total / 1024))"
}

# The harness scenario and the SQL of a path: the receipts row is the webhook's.
harness_scenario() { if [ "$1" = receipts ]; then printf webhook; else printf '%s' "$1"; fi; }

# The app that owns a path: the harness drives it there.
scenario_url() {
  case "$1" in
    balance | consume) printf '%s' "$api_url" ;;
    send) printf '%s' "${app_url[auto_com_center]}" ;;
    webhook) printf '%s' "${app_url[provider_register]}" ;;
    receipts) printf '%s' "$receipts_url" ;;
  esac
}

# Seeds pending payments for one webhook run and writes "id,session_id" lines for the harness.
seed_payments() {
  psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
INSERT INTO payments (id, user_id, package_id, credits, amount_cents, currency, customer_email, status,
  checkout_session_id, livemode, sandbox, refunded_cents, credits_reversed, dispute_amount_cents,
  created_at, updated_at)
SELECT gen_random_uuid(), ($student_array)[1 + n % $students], 'standard-120', 120, 1000, 'usd', 'bench-$1@scholar.local', 'pending',
  'cs_bench_' || replace(gen_random_uuid()::text, '-', ''), false, true, 0, 0, 0, now(), now()
FROM generate_series(1, $PAYMENTS_PER_RUN) n;
SQL
  psql "$DATABASE_URL" -X -tA -F, -c "SELECT id, checkout_session_id FROM payments WHERE customer_email = 'bench-$1@scholar.local'" >"$work/payments-$1.csv"
}

# "<field>" of a RESULT line.
field() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# Harness arguments of a scenario; for the webhook, $1 names the batch of payments it fulfils.
scenario_args() {
  case "$scenario" in
    balance | consume) extra=(--tokens "$work/tokens") ;;
    send) extra=(--notify-secret "$NOTIFY_WEBHOOK_SECRET") ;;
    webhook | receipts)
      seed_payments "$scenario-$1"
      extra=(--payments "$work/payments-$scenario-$1.csv" --webhook-secret "$STRIPE_WEBHOOK_SECRET")
      ;;
    *) die "unknown scenario $scenario (balance consume send webhook receipts)" ;;
  esac
}

# Before a path's first row: tiered JIT compiles and recompiles a young host's code (tier 0, then
# instrumented, then optimised with the profile), and on 2 busy cores that goes on for a minute or
# more: a profile of consume showed the host's CPU per request falling by a fifth between 20 s and
# 80 s of load. A long-running host has long finished, so the warm-up runs in HOST_WARMUP rounds at
# 8 clients until the host's CPU per request settles (three rounds in a row within 10 %), at most
# HOST_WARMUP_MAX; the path's rows follow at once.
warm_up_host() {
  local costs=() current n warm_out before round low high
  for round in $(seq 1 $(( HOST_WARMUP_MAX / HOST_WARMUP ))); do
    scenario_args "warm-$round"
    before="$(web_cpu_ticks)"
    warm_out="$(dotnet "$bench_dll" --base-url "$(scenario_url "$scenario")" --clients 8 --seconds "$HOST_WARMUP" --warmup 0 \
      --scenarios "$(harness_scenario "$scenario")" "${extra[@]}")" || true
    n="$(field "$(printf '%s\n' "$warm_out" | grep "^RESULT $(harness_scenario "$scenario") " || true)" requests)"
    # Web CPU per request in microseconds.
    current=$(( (${n:-0} > 0) ? ($(web_cpu_ticks) - before) * 1000000 / $(getconf CLK_TCK) / n : 0 ))
    log "$scenario: host warm-up round $round: ${HOST_WARMUP}s, web CPU $current us/request"
    costs+=("$current")
    [ "${#costs[@]}" -ge 3 ] || continue
    low="$(printf '%s\n' "${costs[@]: -3}" | sort -n | head -n 1)"
    high="$(printf '%s\n' "${costs[@]: -3}" | sort -n | tail -n 1)"
    # Settled: the last three rounds lie within 10 % of each other.
    if [ "$low" -gt 0 ] && [ $(( (high - low) * 100 / low )) -lt 10 ]; then
      return
    fi
  done
}

rows=()
for scenario in $SCENARIOS; do
  [ "$scenario" != receipts ] || start_receipts_host
  warm_up_host
  for clients in $CLIENT_COUNTS; do
    extra=()
    scenario_args "$clients"

    log "$scenario: $clients client(s), ${WARMUP}s warm-up + ${SECONDS_PER_RUN}s"
    # The warm-up fulfils the batch's payments from its end, so the measured run sends none twice.
    warm_extra=("${extra[@]}")
    if [ "$scenario" = webhook ] || [ "$scenario" = receipts ]; then
      tac "$work/payments-$scenario-$clients.csv" >"$work/payments-$scenario-$clients-warm.csv"
      warm_extra=(--payments "$work/payments-$scenario-$clients-warm.csv" --webhook-secret "$STRIPE_WEBHOOK_SECRET")
    fi
    dotnet "$bench_dll" --base-url "$(scenario_url "$scenario")" --clients "$clients" --seconds "$WARMUP" --warmup 0 \
      --scenarios "$(harness_scenario "$scenario")" "${warm_extra[@]}" >/dev/null || true
    before="$(web_cpu_ticks)"
    profiler=""
    if [ -n "${PROFILE:-}" ] && [ "$TOPOLOGY" = single ]; then
      mkdir -p "$PROFILE"
      dotnet dotnet-trace collect -p "$([ "$scenario" = receipts ] && printf '%s' "$receipts_pid" || printf '%s' "${web_pids[0]}")" --profile dotnet-sampled-thread-time --duration "00:00:00:$(printf '%02d' "$SECONDS_PER_RUN")" \
        -o "$PROFILE/$scenario-$clients.nettrace" >"$PROFILE/$scenario-$clients.collect.log" 2>&1 &
      profiler="$!"
    fi
    sampler=""
    if [ -n "${PERF:-}" ] && [ "$TOPOLOGY" = single ]; then
      perf record -F 499 -g -o "$PERF/$scenario-$clients.perf.data" \
        -p "$([ "$scenario" = receipts ] && printf '%s' "$receipts_pid" || printf '%s' "${web_pids[0]}")" -- sleep "$SECONDS_PER_RUN" \
        >"$PERF/$scenario-$clients.perf.log" 2>&1 &
      sampler="$!"
    fi
    http_out="$(dotnet "$bench_dll" --base-url "$(scenario_url "$scenario")" --clients "$clients" --seconds "$SECONDS_PER_RUN" --warmup 0 \
      --scenarios "$(harness_scenario "$scenario")" "${extra[@]}")" || { printf '%s\n' "$http_out" >&2; die "$scenario: the harness saw errors"; }
    after="$(web_cpu_ticks)"
    rss="$(web_rss_mib)"
    receipt="–"
    if [ "$scenario" = receipts ]; then
      # Every receipt of the row's purchases, from fulfilment to sent (local mailbox), once the pipeline has drained.
      batch="bench-$scenario-$clients@scholar.local"
      for i in $(seq 1 120); do
        left="$(psql "$DATABASE_URL" -X -tAc "SELECT (SELECT count(*) FROM outbox_messages WHERE status = 'Pending') + (SELECT count(*) FROM notifications WHERE status IN ('Queued', 'Sending'))")"
        [ "$left" = 0 ] && break
        sleep 1
      done
      receipt="$(psql "$DATABASE_URL" -X -tAc "SELECT round(percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM n.sent_at - p.fulfilled_at) * 1000)::numeric, 0)
          || ' (' || count(n.sent_at) || '/' || count(*) || ' sent)'
        FROM payments p LEFT JOIN notifications n ON n.idempotency_key = 'receipt:' || p.id
        WHERE p.customer_email = '$batch' AND p.status = 'fulfilled'")"
      log "$scenario: receipt P95 from fulfilment to sent: $receipt ms"
    fi
    if [ -n "$profiler" ]; then
      wait "$profiler" || log "$scenario: dotnet-trace failed (see $PROFILE/$scenario-$clients.collect.log)"
      { dotnet dotnet-trace report "$PROFILE/$scenario-$clients.nettrace" topN -n 60 --inclusive
        dotnet dotnet-trace report "$PROFILE/$scenario-$clients.nettrace" topN -n 40; } >"$PROFILE/$scenario-$clients.top.txt" 2>&1 || true
    fi
    if [ -n "$sampler" ]; then
      wait "$sampler" || log "$scenario: perf record failed (see $PERF/$scenario-$clients.perf.log)"
      { perf report -i "$PERF/$scenario-$clients.perf.data" --no-children --sort dso --stdio -g none
        perf report -i "$PERF/$scenario-$clients.perf.data" --no-children --sort symbol --stdio -g none | sed -n 1,80p
        perf report -i "$PERF/$scenario-$clients.perf.data" --children --sort symbol --stdio -g none | sed -n 1,200p; } 2>/dev/null \
        | grep -v '^#' | sed -E 's/ +- +- *$//; s/ {3,}/  /g' >"$PERF/$scenario-$clients.perf.txt" || true
    fi
    result="$(printf '%s\n' "$http_out" | grep "^RESULT $(harness_scenario "$scenario") ")"
    sql="bench/sql/$(harness_scenario "$scenario")"

    jobs=$(( clients < $(nproc) ? clients : $(nproc) ))
    pgbench -n -M prepared -c "$clients" -j "$jobs" -T "$WARMUP" -D user_id="$user_id" -D payments="$PAYMENTS_PER_RUN" \
      -f "$sql.sql" "$DATABASE_URL" >/dev/null 2>&1 || true
    pg_out="$(pgbench -n -M prepared -c "$clients" -j "$jobs" -T "$SECONDS_PER_RUN" -D user_id="$user_id" \
      -D payments="$PAYMENTS_PER_RUN" -f "$sql.sql" "$DATABASE_URL" 2>"$work/pgbench.err")" \
      || { cat "$work/pgbench.err" >&2; die "pgbench failed on $scenario"; }
    tps="$(printf '%s\n' "$pg_out" | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -n 1)"
    # The least SQL that does the same job correctly: one statement, one round trip (bench/sql/*-minimal.sql).
    pg_min="$(pgbench -n -M prepared -c "$clients" -j "$jobs" -T "$SECONDS_PER_RUN" -D user_id="$user_id" \
      -D payments="$PAYMENTS_PER_RUN" -f "$sql-minimal.sql" "$DATABASE_URL" 2>"$work/pgbench.err")" \
      || { cat "$work/pgbench.err" >&2; die "pgbench (minimal SQL) failed on $scenario"; }
    tps_min="$(printf '%s\n' "$pg_min" | sed -nE 's/^tps = ([0-9.]+).*/\1/p' | head -n 1)"

    rows+=("$(awk -v s="$scenario" -v c="$clients" -v rps="$(field "$result" rps)" \
      -v p50="$(field "$result" p50_ms)" -v p95="$(field "$result" p95_ms)" -v p99="$(field "$result" p99_ms)" \
      -v s50="$(field "$result" server_p50_ms)" -v s95="$(field "$result" server_p95_ms)" -v s99="$(field "$result" server_p99_ms)" \
      -v n="$(field "$result" requests)" -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" -v tps="$tps" -v tmin="$tps_min" \
      -v rss="$rss" -v receipt="$receipt" \
      'BEGIN { printf "| %s | %d | %.0f | %.2f / %.2f / %.2f | %.2f / %.2f / %.2f | %.3f | %d | %s | %.0f / %.0f | %.3f / %.3f |", \
        s, c, rps, p50, p95, p99, s50, s95, s99, (n > 0 ? ticks * 1000 / hz / n : 0), rss, receipt, tps, tmin, \
        (tps > 0 ? rps / tps : 0), (tmin > 0 ? rps / tmin : 0) }')")
  done
done

# Soak: the webhook with receipts flowing for SOAK_SECONDS at 8 clients, in 30 s slices, the host's
# resident memory after each: it should stay flat (no leak) and under 400 MiB.
soak=""
if [ "${SOAK_SECONDS:-0}" -gt 0 ] && [ "$TOPOLOGY" = single ]; then
  scenario=receipts
  start_receipts_host
  series=()
  for slice in $(seq 1 $(( (SOAK_SECONDS + 29) / 30 ))); do
    scenario_args "soak-$slice"
    dotnet "$bench_dll" --base-url "$receipts_url" --clients 8 --seconds 30 --warmup 0 --scenarios webhook "${extra[@]}" >/dev/null \
      || die "soak: the harness saw errors"
    series+=("$(web_rss_mib)")
    log "soak: $((slice * 30)) s, web RSS ${series[-1]} MiB"
  done
  soak="$(printf '%s ' "${series[@]}")"
fi

fulfilled="$(psql "$DATABASE_URL" -X -tAc "SELECT count(*) FROM payments WHERE customer_email LIKE 'bench-%' AND status = 'fulfilled'")"
entries="$(psql "$DATABASE_URL" -X -tAc "SELECT count(*) FROM ledger_entries e JOIN payments p ON e.source_id = p.id::text AND e.kind = 'purchase' WHERE p.customer_email LIKE 'bench-%'")"
drift="$(psql "$DATABASE_URL" -X -tAc "SELECT count(*) FROM credit_accounts a WHERE a.balance <> (SELECT coalesce(sum(delta), 0) FROM ledger_entries e WHERE e.account_id = a.id)")"
[ "$fulfilled" = "$entries" ] || die "fulfilled payments ($fulfilled) and purchase entries ($entries) differ"
[ "$drift" = 0 ] || die "$drift account(s) whose balance differs from the sum of their entries"

machine="$(nproc) cores ($(sed -nE 's/^model name\s*:\s*//p' /proc/cpuinfo | head -n 1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(uname -sr)"
software=".NET $(dotnet --version), $(psql "$DATABASE_URL" -X -tAc 'SHOW server_version' | cut -d' ' -f1) PostgreSQL, pgbench -M prepared"
table="$(
  printf '| path | clients | app req/s | client P50 / P95 / P99 ms | server P50 / P95 / P99 ms | web CPU ms/req | web RSS MiB | receipt P95 ms | pgbench tps (equivalent / minimal SQL) | app/pgbench (equivalent / minimal) |\n'
  printf '|---|---|---|---|---|---|---|---|---|---|\n'
  printf '%s\n' "${rows[@]}"
)"

printf '\n%s\n\n' "$table"
printf 'machine: %s\nsoftware: %s\nload average at the end: %s\n' "$machine" "$software" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'checks: %s fulfilled bench payments = %s purchase entries; %s ledger drift\n' "$fulfilled" "$entries" "$drift"
[ -z "$soak" ] || printf 'soak: web RSS MiB every 30 s: %s\n' "$soak"

if [ -n "$REPORT" ]; then
  {
    printf '# Performance\n\n'
    printf 'Written by `bench/run.sh` on %s. Do not edit by hand: run it again.\n\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
    printf -- '- Machine: %s\n- Software: %s\n' "$machine" "$software"
    printf -- '- Load average when the run ended: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
    printf -- '- Before a path'"'"'s rows the host is warmed up until its CPU per request settles (JIT tiering).\n'
    if [ "$TOPOLOGY" = split ]; then
      printf -- '- Topology: split, one Web process per app; each path is driven at the app that owns it, and web CPU\n'
      printf '  is summed over the five processes.\n'
    fi
    printf -- '- Each row: %s s of load after %s s of warm-up, against the Web host(s) (Release, Development\n' "$SECONDS_PER_RUN" "$WARMUP"
    printf '  settings: sandbox Stripe, local mailbox, delivery loops off: NOTIFY_DISPATCH_ENABLED=false),\n'
    printf '  then pgbench with the equivalent SQL (`bench/sql/`) on copies of the tables in the same database.\n'
    printf -- '- Client latency is measured by the harness; server latency is the host'"'"'s `Server-Timing` (time\n'
    printf '  until the answer'"'"'s headers were sent). Each client uses its own credit account (one student per client).\n'
    printf -- '- `receipts`: the webhook again, on a second host with the receipt pipeline on (outbox → `/api/send` over\n'
    printf '  HTTP → notification → local mailbox); receipt P95 is from the payment'"'"'s fulfilment to its receipt'"'"'s `sent_at`.\n'
    printf -- '- Web RSS: the resident memory of the host that served the row, when the row ended.\n'
    printf -- '- pgbench runs twice per row: the equivalent SQL (what the app sends, `bench/sql/<path>.sql`) and the\n'
    printf '  minimal SQL for the same job (one statement, `bench/sql/<path>-minimal.sql`).\n'
    printf -- '- What changed between runs, and the profiles behind it: `docs/performance-history.md` (by hand).\n\n'
    printf '%s\n\n' "$table"
    printf 'Checks after the run: %s fulfilled bench payments, %s purchase entries; %s accounts with ledger drift.\n' "$fulfilled" "$entries" "$drift"
    if [ -n "$soak" ]; then
      printf '\nSoak (`SOAK_SECONDS=%s`): the receipts host'"'"'s resident memory (MiB) after each 30 s of the webhook at 8 clients\nwith receipts flowing: %s\n' "$SOAK_SECONDS" "$soak"
    fi
  } >"$REPORT"
  log "wrote $REPORT"
fi
