#!/usr/bin/env bash
# One command, one run: Stripe webhook fulfillment against a RUNNING Scholar Web host, then pgbench on
# the equivalent SQL against the same PostgreSQL, and the ratio. It starts no host itself.
#
#   BASE_URL=http://127.0.0.1:5080 DATABASE_URL=postgres://scholar:scholar@127.0.0.1:5432/scholar bench/webhook.sh
#
# Environment: BASE_URL, DATABASE_URL, STRIPE_WEBHOOK_SECRET (default: the development value),
# CLIENTS (8), SECONDS_PER_SCENARIO (10), WARMUP (2), PAYMENTS (pending payments to create, 30000).
# The pending payments are inserted straight into `payments` for the development CEO (bench data,
# marked with customer email bench@scholar.local); each is fulfilled once by a signed
# checkout.session.completed event, exactly as Stripe would deliver it.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

BASE_URL="${BASE_URL:-http://127.0.0.1:5080}"
BASE_URL="${BASE_URL%/}"
DATABASE_URL="${DATABASE_URL:-postgres://scholar:scholar@127.0.0.1:5432/scholar}"
SECRET="${STRIPE_WEBHOOK_SECRET:-whsec_development_only_sandbox_secret}"
CLIENTS="${CLIENTS:-8}"
SECONDS_PER_SCENARIO="${SECONDS_PER_SCENARIO:-10}"
WARMUP="${WARMUP:-2}"
PAYMENTS="${PAYMENTS:-30000}"

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
for tool in curl psql pgbench dotnet; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done
curl -fsS -o /dev/null --max-time 5 "$BASE_URL/healthz" || die "no Scholar host answers at $BASE_URL/healthz (start one with ./run.sh)"

USER_ID="$(psql "$DATABASE_URL" -X -tAc "SELECT id FROM users WHERE normalized_email = lower('${OPS_BOOTSTRAP_EMAIL:-ceo@scholar.local}')")"
[ -n "$USER_ID" ] || die "the bootstrap CEO does not exist: run ./run.sh (migrate seeds it)"

work="$(mktemp -d)"
cleanup() {
  psql "$DATABASE_URL" -X -q -c 'DROP SCHEMA IF EXISTS scholar_bench CASCADE' >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

log "creating $PAYMENTS pending payments for the bench"
psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
INSERT INTO payments (id, user_id, package_id, credits, amount_cents, currency, customer_email, status,
  checkout_session_id, livemode, sandbox, refunded_cents, credits_reversed_for_refunds, dispute_credits_reversed,
  dispute_closed, created_at, updated_at)
SELECT gen_random_uuid(), '$USER_ID', 'standard-120', 120, 1000, 'usd', 'bench@scholar.local', 'pending',
  'cs_bench_' || replace(gen_random_uuid()::text, '-', ''), false, true, 0, 0, 0, false, now(), now()
FROM generate_series(1, $PAYMENTS);
SQL
psql "$DATABASE_URL" -X -tA -F, -c "SELECT id, checkout_session_id FROM payments WHERE status = 'pending' AND customer_email = 'bench@scholar.local'" >"$work/payments.csv"

log "building the harness (Release)"
dotnet build bench/Scholar.Bench -c Release -nologo -v q >/dev/null
log "HTTP: $CLIENTS clients, ${SECONDS_PER_SCENARIO}s of signed webhook deliveries against $BASE_URL"
http_out="$(dotnet bench/Scholar.Bench/bin/Release/net10.0/Scholar.Bench.dll --base-url "$BASE_URL" \
  --clients "$CLIENTS" --seconds "$SECONDS_PER_SCENARIO" --warmup "$WARMUP" --scenarios webhook \
  --payments "$work/payments.csv" --webhook-secret "$SECRET")" || { printf '%s\n' "$http_out"; die "the HTTP harness failed"; }
printf '%s\n' "$http_out" | grep -v '^RESULT'

log "pgbench: the same transaction on copies of the tables in schema scholar_bench"
psql "$DATABASE_URL" -X -q -v ON_ERROR_STOP=1 >/dev/null <<SQL
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS scholar_bench CASCADE;
CREATE SCHEMA scholar_bench;
CREATE TABLE scholar_bench.stripe_events (LIKE public.stripe_events INCLUDING ALL);
CREATE TABLE scholar_bench.payments (LIKE public.payments INCLUDING ALL);
ALTER TABLE scholar_bench.payments ADD COLUMN bench_n bigserial UNIQUE;
CREATE TABLE scholar_bench.credit_accounts (LIKE public.credit_accounts INCLUDING ALL);
CREATE TABLE scholar_bench.ledger_entries (LIKE public.ledger_entries INCLUDING ALL);
CREATE TABLE scholar_bench.outbox_messages (LIKE public.outbox_messages INCLUDING ALL);
CREATE TABLE scholar_bench.webhook_attempts (LIKE public.webhook_attempts INCLUDING ALL);
INSERT INTO scholar_bench.credit_accounts (id, user_id, balance, version, created_at, updated_at)
VALUES (gen_random_uuid(), '$USER_ID', 0, 0, now(), now());
INSERT INTO scholar_bench.payments (id, user_id, package_id, credits, amount_cents, currency, customer_email, status,
  checkout_session_id, livemode, sandbox, refunded_cents, credits_reversed_for_refunds, dispute_credits_reversed,
  dispute_closed, created_at, updated_at)
SELECT gen_random_uuid(), '$USER_ID', 'standard-120', 120, 1000, 'usd', 'bench@scholar.local', 'pending',
  'cs_bench_' || n, false, true, 0, 0, 0, false, now(), now()
FROM generate_series(1, $PAYMENTS) n;
SQL

# What one fulfilled delivery does, without HTTP, signature checks, EF Core or JSON: record the event,
# lock and fulfil the payment, lock the account, append the purchase entry, move the balance, queue
# the receipt, then log the delivery attempt.
cat >"$work/webhook.sql" <<SQL
\set n random(1, $PAYMENTS)
\set e random(1, 9000000000000000)
BEGIN;
INSERT INTO scholar_bench.stripe_events (event_id, type, livemode, received_at, outcome)
VALUES ('evt_' || :e, 'checkout.session.completed', false, now(), 'processing') ON CONFLICT DO NOTHING;
SELECT * FROM scholar_bench.payments WHERE bench_n = :n FOR UPDATE;
UPDATE scholar_bench.payments SET status = 'fulfilled', payment_intent_id = 'pi_bench', fulfilled_at = now(), updated_at = now() WHERE bench_n = :n;
SELECT display_name FROM public.users WHERE id = '$USER_ID';
SELECT id, balance, version FROM scholar_bench.credit_accounts WHERE user_id = '$USER_ID' FOR UPDATE;
INSERT INTO scholar_bench.ledger_entries
  (id, account_id, kind, delta, reason, source, source_id, idempotency_key, request_hash, balance_after, created_by, created_at)
SELECT gen_random_uuid(), id, 'purchase', 120, 'bench', 'stripe', gen_random_uuid()::text, 'stripe-purchase-' || gen_random_uuid(),
       repeat('0', 64), balance + 120, 'provider_register', now()
FROM scholar_bench.credit_accounts WHERE user_id = '$USER_ID';
UPDATE scholar_bench.credit_accounts SET balance = balance + 120, version = version + 1, updated_at = now() WHERE user_id = '$USER_ID';
INSERT INTO scholar_bench.outbox_messages (id, kind, payload, idempotency_key, status, attempts, next_attempt_at, created_at)
VALUES (gen_random_uuid(), 'notification.send', '{"template":"purchase_receipt"}', 'bench-' || gen_random_uuid(), 'Pending', 0, now(), now());
SELECT pg_notify('scholar_bench_outbox', '');
UPDATE scholar_bench.stripe_events SET outcome = 'fulfilled' WHERE event_id = 'evt_' || :e;
COMMIT;
INSERT INTO scholar_bench.webhook_attempts (id, hop, direction, key, status_code, outcome, duration_ms, at)
VALUES (gen_random_uuid(), 'stripe→provider_register', 'inbound', 'evt', 200, 'processed', 1, now());
SQL

jobs=$(( CLIENTS < $(nproc) ? CLIENTS : $(nproc) ))
pgbench -n -M prepared -c "$CLIENTS" -j "$jobs" -T "$WARMUP" -f "$work/webhook.sql" "$DATABASE_URL" >/dev/null 2>&1 || true
out="$(pgbench -n -M prepared -c "$CLIENTS" -j "$jobs" -T "$SECONDS_PER_SCENARIO" -f "$work/webhook.sql" "$DATABASE_URL" 2>"$work/pgbench.err")" || { cat "$work/pgbench.err" >&2; die "pgbench failed"; }
tps="$(printf '%s\n' "$out" | grep -E '^tps = ' | head -n 1 | sed -E 's/^tps = ([0-9.]+).*/\1/')"
lat="$(printf '%s\n' "$out" | grep -E '^latency average = ' | sed -E 's/^latency average = ([0-9.]+).*/\1/')"
result="$(printf '%s\n' "$http_out" | grep '^RESULT webhook ')"
rps="$(printf '%s\n' "$result" | sed -E 's/.* rps=([0-9.]+).*/\1/')"
p95="$(printf '%s\n' "$result" | sed -E 's/.* p95_ms=([0-9.]+).*/\1/')"
ratio="$(awk -v a="$rps" -v b="$tps" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "n/a" }')"
printf '\n%-10s %12s %12s %12s %10s %12s\n' scenario "app req/s" "app p95 ms" "pgbench tps" "pg lat ms" "app/pgbench"
printf '%-10s %12s %12s %12s %10s %12s\n' webhook "$rps" "$p95" "$tps" "$lat" "$ratio"

fulfilled="$(psql "$DATABASE_URL" -X -tAc "SELECT count(*) FROM payments WHERE customer_email = 'bench@scholar.local' AND status = 'fulfilled'")"
entries="$(psql "$DATABASE_URL" -X -tAc "SELECT count(*) FROM ledger_entries e JOIN payments p ON e.source_id = p.id::text AND e.kind = 'purchase' WHERE p.customer_email = 'bench@scholar.local'")"
log "bench payments fulfilled: $fulfilled, purchase entries for them: $entries (must be equal)"
[ "$fulfilled" = "$entries" ] || die "fulfilled payments and purchase entries differ"
