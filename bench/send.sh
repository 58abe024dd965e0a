#!/usr/bin/env bash
# One command, one run: signed POST /api/send against a RUNNING Scholar Web host, then pgbench on the
# equivalent SQL (the notification insert with its NOTIFY) against the same PostgreSQL, and the ratio.
#
#   BASE_URL=http://127.0.0.1:5080 DATABASE_URL=postgres://scholar:scholar@127.0.0.1:5432/scholar bench/send.sh
#
# Environment: BASE_URL, DATABASE_URL, NOTIFY_WEBHOOK_SECRET (default: the development value),
# CLIENTS (8), SECONDS_PER_SCENARIO (10), WARMUP (2).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

BASE_URL="${BASE_URL:-http://127.0.0.1:5080}"
BASE_URL="${BASE_URL%/}"
DATABASE_URL="${DATABASE_URL:-postgres://scholar:scholar@127.0.0.1:5432/scholar}"
SECRET="${NOTIFY_WEBHOOK_SECRET:-dev-only-notify-secret-not-for-production}"
CLIENTS="${CLIENTS:-8}"
SECONDS_PER_SCENARIO="${SECONDS_PER_SCENARIO:-10}"
WARMUP="${WARMUP:-2}"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
for tool in curl psql pgbench dotnet; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done
curl -fsS -o /dev/null --max-time 5 "$BASE_URL/healthz" || die "no Scholar host answers at $BASE_URL/healthz (start one with ./run.sh)"

work="$(mktemp -d)"
cleanup() {
  psql "$DATABASE_URL" -X -q -c 'SET client_min_messages = warning; DROP SCHEMA IF EXISTS scholar_bench CASCADE' >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

log "building the harness (Release)"
dotnet build bench/Scholar.Bench -c Release -nologo -v q >/dev/null
log "HTTP: $CLIENTS clients, ${SECONDS_PER_SCENARIO}s of signed /api/send against $BASE_URL"
http_out="$(dotnet bench/Scholar.Bench/bin/Release/net10.0/Scholar.Bench.dll --base-url "$BASE_URL" \
  --clients "$CLIENTS" --seconds "$SECONDS_PER_SCENARIO" --warmup "$WARMUP" --scenarios send --notify-secret "$SECRET")" \
  || { printf '%s\n' "$http_out"; die "the HTTP harness failed"; }
printf '%s\n' "$http_out" | grep -v '^RESULT'

psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS scholar_bench CASCADE;
CREATE SCHEMA scholar_bench;
CREATE TABLE scholar_bench.notifications (LIKE public.notifications INCLUDING ALL);
SQL
# What one accepted /api/send writes, without HTTP, the signature check, template validation or EF Core.
cat >"$work/send.sql" <<SQL
INSERT INTO scholar_bench.notifications (id, template, channel, to_address, data, idempotency_key, status, attempts, next_attempt_at, created_at)
VALUES (gen_random_uuid(), 'welcome', 'email', 'bench@example.com', '{"name":"Bench"}', 'bench-' || gen_random_uuid(), 'queued', 0, now(), now())
ON CONFLICT DO NOTHING;
SELECT pg_notify('scholar_bench_notifications', '');
SQL

jobs=$(( CLIENTS < $(nproc) ? CLIENTS : $(nproc) ))
pgbench -n -M prepared -c "$CLIENTS" -j "$jobs" -T "$WARMUP" -f "$work/send.sql" "$DATABASE_URL" >/dev/null 2>&1 || true
out="$(pgbench -n -M prepared -c "$CLIENTS" -j "$jobs" -T "$SECONDS_PER_SCENARIO" -f "$work/send.sql" "$DATABASE_URL" 2>"$work/pgbench.err")" \
  || { cat "$work/pgbench.err" >&2; die "pgbench failed"; }
tps="$(printf '%s\n' "$out" | grep -E '^tps = ' | head -n 1 | sed -E 's/^tps = ([0-9.]+).*/\1/')"
lat="$(printf '%s\n' "$out" | grep -E '^latency average = ' | sed -E 's/^latency average = ([0-9.]+).*/\1/')"
result="$(printf '%s\n' "$http_out" | grep '^RESULT send ')"
rps="$(printf '%s\n' "$result" | sed -E 's/.* rps=([0-9.]+).*/\1/')"
p95="$(printf '%s\n' "$result" | sed -E 's/.* p95_ms=([0-9.]+).*/\1/')"
ratio="$(awk -v a="$rps" -v b="$tps" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')"
printf '\n%-10s %12s %12s %12s %10s %12s\n' scenario "app req/s" "app p95 ms" "pgbench tps" "pg lat ms" "app/pgbench"
printf '%-10s %12s %12s %12s %10s %12s\n' send "$rps" "$p95" "$tps" "$lat" "$ratio"
