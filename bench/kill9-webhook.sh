#!/usr/bin/env bash
# Crash test for fulfillment: the Web process is killed with SIGKILL while Stripe-signed
# checkout.session.completed deliveries for a payment are in flight; it is restarted and the event
# is retried as Stripe retries it. Each kill must hit an open transaction: the kill comes the moment
# PostgreSQL shows the Web's connection with a write transaction open, and nothing was committed for
# the payment when it came (otherwise the round is tried again with a new payment, up to 5 times, and
# fails if no kill ever hits). After each round the payment must have exactly one purchase entry and
# every account's entries must sum to its balance.
#
#   bench/kill9-webhook.sh            (ROUNDS=5 by default; uses the development database)
#
# Needs: PostgreSQL prepared as by ./run.sh (run it once first), dotnet, curl, openssl, psql.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DATABASE_URL="${DATABASE_URL:-postgres://scholar:scholar@127.0.0.1:5432/scholar}"
PORT="${PORT:-5187}"
export APP_BASE_URL="http://127.0.0.1:$PORT"
SECRET="${STRIPE_WEBHOOK_SECRET:-whsec_development_only_sandbox_secret}"
export STRIPE_WEBHOOK_SECRET="$SECRET"
ROUNDS="${ROUNDS:-5}"

log() { printf '[kill9] %s\n' "$*" >&2; }
die() { printf '[kill9] ERROR: %s\n' "$*" >&2; exit 1; }
for tool in dotnet curl openssl psql; do command -v "$tool" >/dev/null 2>&1 || die "$tool is required"; done

log "building Web (Release)"
dotnet build src/Web -c Release -nologo -v q >/dev/null
dotnet src/Web/bin/Release/net10.0/Scholar.Web.dll migrate >/dev/null

pid=""
start_web() {
  dotnet src/Web/bin/Release/net10.0/Scholar.Web.dll --urls "$APP_BASE_URL" >/tmp/scholar-kill9-web.log 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$APP_BASE_URL/healthz" && return 0; sleep 0.2; done
  die "Web did not start (see /tmp/scholar-kill9-web.log)"
}
trap '[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true' EXIT

USER_ID="$(psql "$DATABASE_URL" -X -tAc "SELECT id FROM users WHERE normalized_email = lower('${OPS_BOOTSTRAP_EMAIL:-ceo@scholar.local}')")"
[ -n "$USER_ID" ] || die "the bootstrap CEO does not exist: run ./run.sh once first"

deliver() { # payload → HTTP status
  local t sig
  t="$(date +%s)"
  sig="$(printf '%s' "$t.$1" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')"
  curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X POST "$APP_BASE_URL/webhooks/stripe" \
    -H 'Content-Type: application/json' -H "Stripe-Signature: t=$t,v1=$sig" --data-binary "$1" || echo 000
}

new_payment() { # → "id,session"
  local row
  row="$(psql "$DATABASE_URL" -X -q -tAc "INSERT INTO payments (id, user_id, package_id, credits, amount_cents, currency,
    customer_email, status, checkout_session_id, livemode, sandbox, refunded_cents, credits_reversed,
    dispute_amount_cents, created_at, updated_at)
    VALUES (gen_random_uuid(), '$USER_ID', 'standard-120', 120, 1000, 'usd', 'kill9@scholar.local', 'pending',
    'cs_kill9_' || replace(gen_random_uuid()::text, '-', ''), false, true, 0, 0, 0, now(), now())
    RETURNING id || ',' || checkout_session_id")"
  printf '%s' "${row%%$'\n'*}"
}

# Open webhook write transactions on this database: a session with a transaction id whose statement is
# on the Stripe event inbox (the first delivery mid-fulfilment, or its duplicates waiting on its row).
# Background work (heartbeat, ledger probe) never touches stripe_events, so it cannot pass for one.
open_writes() {
  psql "$DATABASE_URL" -X -tAc "SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL AND query LIKE '%stripe_events%'"
}

failures=0
for round in $(seq 1 "$ROUNDS"); do
  hit=0
  for attempt in 1 2 3 4 5; do
    payment="$(new_payment)"
    id="${payment%%,*}"; session="${payment#*,}"
    event="evt_kill9_${id//-/}"
    payload="{\"id\":\"$event\",\"object\":\"event\",\"api_version\":\"2026-10-28.endive\",\"created\":$(date +%s),\"livemode\":false,\"pending_webhooks\":1,\"type\":\"checkout.session.completed\",\"data\":{\"object\":{\"id\":\"$session\",\"object\":\"checkout.session\",\"amount_total\":1000,\"client_reference_id\":\"$id\",\"currency\":\"usd\",\"livemode\":false,\"metadata\":{\"payment_id\":\"$id\"},\"mode\":\"payment\",\"payment_intent\":\"pi_kill9_${id//-/}\",\"payment_status\":\"paid\",\"status\":\"complete\"}}}"

    start_web
    for _ in $(seq 1 16); do deliver "$payload" >/dev/null & done
    seen=0
    for _ in $(seq 1 200); do
      if [ "$(open_writes)" -gt 0 ]; then seen=1; break; fi
    done
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    wait 2>/dev/null || true
    at_kill="$(psql "$DATABASE_URL" -X -tAc "SELECT count(*) FROM stripe_events WHERE event_id = '$event'")"
    start_web
    # Stripe retries until it gets a 2xx.
    for _ in $(seq 1 20); do [ "$(deliver "$payload")" = 200 ] && break; sleep 0.5; done
    kill -TERM "$pid"; wait "$pid" 2>/dev/null || true; pid=""

    entries="$(psql "$DATABASE_URL" -X -tAc "SELECT count(*) FROM ledger_entries WHERE kind = 'purchase' AND source_id = '$id'")"
    status="$(psql "$DATABASE_URL" -X -tAc "SELECT status FROM payments WHERE id = '$id'")"
    log "round $round.$attempt: payment $id: open transaction seen before the kill: $seen, event committed before it: $at_kill → after restart and retry: $status, purchase entries: $entries"
    [ "$entries" = 1 ] && [ "$status" = fulfilled ] || failures=$((failures + 1))
    if [ "$seen" = 1 ] && [ "$at_kill" = 0 ]; then hit=1; break; fi
  done
  [ "$hit" = 1 ] || { log "round $round: no kill hit an open transaction in 5 attempts"; failures=$((failures + 1)); }
done

drift="$(psql "$DATABASE_URL" -X -tAc "SELECT count(*) FROM credit_accounts a
  WHERE a.balance <> (SELECT coalesce(sum(delta), 0) FROM ledger_entries e WHERE e.account_id = a.id)")"
log "accounts whose entries do not sum to the balance: $drift"
printf 'kill -9 rounds: %s, failures (a kill that missed every open transaction, or not exactly one credit): %s, ledger drift: %s\n' "$ROUNDS" "$failures" "$drift"
[ "$failures" = 0 ] && [ "$drift" = 0 ]
