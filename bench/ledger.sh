#!/usr/bin/env bash
# One command, one run: drives the ledger endpoints of a RUNNING Scholar Web host with the HTTP
# harness (bench/Scholar.Bench), then runs pgbench with the equivalent SQL against the same
# PostgreSQL, and prints throughput ratios (app / pgbench). It starts no host itself.
#
#   BASE_URL=http://127.0.0.1:5080 DATABASE_URL=postgres://scholar:scholar@127.0.0.1:5432/scholar bench/ledger.sh
#
# Environment:
#   BASE_URL, DATABASE_URL      the host and the database it uses (defaults: the development ones)
#   CLIENTS (8), SECONDS_PER_SCENARIO (10), WARMUP (2)
#   TOKEN                       a user's access token; without it, the Development bootstrap CEO
#                               (OPS_BOOTSTRAP_EMAIL/_PASSWORD) signs in through the scholar_cli
#                               password grant and tops the account up so consumes never run dry.
#   ADMIN_TOKEN                 a credits.admin token to top up TOKEN's account (optional).
# pgbench works on throw-away copies of the ledger tables (schema scholar_bench, dropped at exit).
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

BASE_URL="${BASE_URL:-http://127.0.0.1:5080}"
BASE_URL="${BASE_URL%/}"
DATABASE_URL="${DATABASE_URL:-postgres://scholar:scholar@127.0.0.1:5432/scholar}"
CLIENTS="${CLIENTS:-8}"
SECONDS_PER_SCENARIO="${SECONDS_PER_SCENARIO:-10}"
WARMUP="${WARMUP:-2}"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }

for tool in curl psql pgbench dotnet; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool is required"
done
curl -fsS -o /dev/null --max-time 5 "$BASE_URL/healthz" || die "no Scholar host answers at $BASE_URL/healthz (start one with ./run.sh)"

# Value of a string claim in a JWT's payload (no signature check: it is our own token).
jwt_claim() {
  local payload
  payload="$(printf '%s' "$1" | cut -d. -f2 | tr '_-' '/+')"
  while [ $((${#payload} % 4)) -ne 0 ]; do payload="$payload="; done
  printf '%s' "$payload" | base64 -d 2>/dev/null | grep -o "\"$2\": *\"[^\"]*\"" | head -n 1 | cut -d'"' -f4
}

if [ -z "${TOKEN:-}" ]; then
  log "signing in the development bootstrap CEO through the password grant"
  answer="$(curl -sS -X POST "$BASE_URL/connect/token" \
    --data-urlencode grant_type=password --data-urlencode client_id=scholar_cli \
    --data-urlencode "username=${OPS_BOOTSTRAP_EMAIL:-ceo@scholar.local}" \
    --data-urlencode "password=${OPS_BOOTSTRAP_PASSWORD:-Scholar-dev-ceo-1!}" \
    --data-urlencode "scope=openid credits credits.admin")"
  TOKEN="$(printf '%s' "$answer" | grep -o '"access_token": *"[^"]*"' | cut -d'"' -f4 || true)"
  [ -n "$TOKEN" ] || die "token request failed: $answer"
  ADMIN_TOKEN="${ADMIN_TOKEN:-$TOKEN}"
fi
USER_ID="$(jwt_claim "$TOKEN" sub)"
[ -n "$USER_ID" ] || die "the token carries no sub claim"

if [ -n "${ADMIN_TOKEN:-}" ]; then
  status="$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$BASE_URL/api/ledger/entries" \
    -H "Authorization: Bearer $ADMIN_TOKEN" -H "Idempotency-Key: bench-topup-$(date +%s%N)" \
    -H 'Content-Type: application/json' \
    -d "{\"userId\":\"$USER_ID\",\"delta\":1000000000,\"kind\":\"grant\",\"reason\":\"bench top-up\"}")"
  [ "$status" = 201 ] || die "top-up grant answered $status"
fi

log "building the harness (Release)"
dotnet build bench/Scholar.Bench -c Release -nologo -v q >/dev/null
log "HTTP: $CLIENTS clients, ${SECONDS_PER_SCENARIO}s per scenario against $BASE_URL"
http_out="$(dotnet bench/Scholar.Bench/bin/Release/net10.0/Scholar.Bench.dll --base-url "$BASE_URL" --token "$TOKEN" \
  --clients "$CLIENTS" --seconds "$SECONDS_PER_SCENARIO" --warmup "$WARMUP")" || { printf '%s\n' "$http_out"; die "the HTTP harness failed"; }
printf '%s\n' "$http_out" | grep -v '^RESULT'

log "pgbench: preparing copies of the ledger tables in schema scholar_bench"
work="$(mktemp -d)"
cleanup() {
  psql "$DATABASE_URL" -X -q -c 'DROP SCHEMA IF EXISTS scholar_bench CASCADE' >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
DROP SCHEMA IF EXISTS scholar_bench CASCADE;
CREATE SCHEMA scholar_bench;
CREATE TABLE scholar_bench.credit_accounts (LIKE public.credit_accounts INCLUDING ALL);
CREATE TABLE scholar_bench.ledger_entries (LIKE public.ledger_entries INCLUDING ALL);
ALTER TABLE scholar_bench.ledger_entries
  ADD FOREIGN KEY (account_id) REFERENCES scholar_bench.credit_accounts (id);
INSERT INTO scholar_bench.credit_accounts (id, user_id, balance, version, created_at, updated_at)
VALUES (gen_random_uuid(), '$USER_ID', 1000000000, 0, now(), now());
SQL

# The SQL the ledger endpoints run for one student, without HTTP, auth, EF Core or idempotency bookkeeping.
cat >"$work/balance.sql" <<SQL
SELECT balance, updated_at FROM scholar_bench.credit_accounts WHERE user_id = '$USER_ID';
SQL
cat >"$work/consume.sql" <<SQL
BEGIN;
SELECT id, balance, version FROM scholar_bench.credit_accounts WHERE user_id = '$USER_ID' FOR UPDATE;
INSERT INTO scholar_bench.ledger_entries
  (id, account_id, kind, delta, reason, source, idempotency_key, request_hash, balance_after, created_by, created_at)
SELECT gen_random_uuid(), id, 'consumption', -1, 'bench', 'api', 'consume:' || gen_random_uuid(), repeat('0', 64),
       balance - 1, 'user:$USER_ID', now()
FROM scholar_bench.credit_accounts WHERE user_id = '$USER_ID';
UPDATE scholar_bench.credit_accounts SET balance = balance - 1, version = version + 1, updated_at = now()
WHERE user_id = '$USER_ID';
COMMIT;
SQL

jobs=$(( CLIENTS < $(nproc) ? CLIENTS : $(nproc) ))
run_pgbench() {
  pgbench -n -M prepared -c "$CLIENTS" -j "$jobs" -T "$WARMUP" -f "$work/$1.sql" "$DATABASE_URL" >/dev/null 2>&1 || true
  pgbench -n -M prepared -c "$CLIENTS" -j "$jobs" -T "$SECONDS_PER_SCENARIO" -f "$work/$1.sql" "$DATABASE_URL" 2>/dev/null
}

printf '\n%-10s %12s %12s %12s %10s %12s\n' scenario "app req/s" "app p95 ms" "pgbench tps" "pg lat ms" "app/pgbench"
for scenario in balance consume; do
  out="$(run_pgbench "$scenario")" || die "pgbench failed on $scenario"
  tps="$(printf '%s\n' "$out" | grep -E '^tps = ' | head -n 1 | sed -E 's/^tps = ([0-9.]+).*/\1/')"
  lat="$(printf '%s\n' "$out" | grep -E '^latency average = ' | sed -E 's/^latency average = ([0-9.]+).*/\1/')"
  result="$(printf '%s\n' "$http_out" | grep "^RESULT $scenario ")"
  rps="$(printf '%s\n' "$result" | sed -E 's/.* rps=([0-9.]+).*/\1/')"
  p95="$(printf '%s\n' "$result" | sed -E 's/.* p95_ms=([0-9.]+).*/\1/')"
  ratio="$(awk -v a="$rps" -v b="$tps" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')"
  printf '%-10s %12s %12s %12s %10s %12s\n' "$scenario" "$rps" "$p95" "$tps" "$lat" "$ratio"
done
