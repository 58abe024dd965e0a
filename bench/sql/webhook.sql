-- POST /webhooks/stripe (checkout.session.completed) as the app sends it: four round trips in one
-- transaction, then the wake-up. (1) BEGIN, the inbox insert, which takes the payment intent's advisory
-- lock, and then, in a second statement whose snapshot follows that lock, the payment's row lock if the
-- event is new and no charge fact is parked for the intent; (2) the account's row lock; (3) one batch of
-- writes: balance, purchase entry, receipt's outbox row, payment, event outcome, delivery attempt;
-- (4) COMMIT; (5) the NOTIFY below. Pipelines stand for Npgsql's batches. pgbench variables: payments
-- (how many were seeded, spread over the clients' accounts).
-- Keys are joined with chr(58): pgbench reads a colon followed by a name as a variable, inside quotes too.
\set n random(1, :payments)
\set e random(1, 9000000000000000)
\startpipeline
BEGIN;
INSERT INTO pgbench_copy.stripe_events (event_id, type, livemode, api_version, payment_intent_id, received_at, outcome)
SELECT 'evt_' || :e::text, 'checkout.session.completed', false, '2025-03-31.basil', NULL, now(), 'processing'
FROM (SELECT pg_advisory_xact_lock(hashtextextended('pi_' || :e::text, 0))) AS charge_lock
ON CONFLICT (event_id) DO NOTHING;
SELECT p.* FROM pgbench_copy.payments p WHERE p.bench_n = :n
  AND EXISTS (SELECT 1 FROM pgbench_copy.stripe_events e WHERE e.event_id = 'evt_' || :e::text AND e.outcome = 'processing')
  AND NOT EXISTS (SELECT 1 FROM pgbench_copy.stripe_events e WHERE e.outcome = 'parked' AND e.payment_intent_id = 'pi_' || :e::text)
FOR UPDATE OF p;
\endpipeline
SELECT * FROM pgbench_copy.credit_accounts WHERE user_id = (SELECT user_id FROM pgbench_copy.payments WHERE bench_n = :n) FOR UPDATE \gset account_
\startpipeline
UPDATE pgbench_copy.credit_accounts SET balance = :account_balance::bigint + 120, updated_at = now(), version = :account_version::bigint + 1
WHERE id = :account_id::uuid AND version = :account_version::bigint;
INSERT INTO pgbench_copy.ledger_entries
  (id, account_id, balance_after, created_at, created_by, delta, idempotency_key, kind, reason, request_hash, source, source_id)
VALUES (gen_random_uuid(), :account_id::uuid, :account_balance::bigint + 120, now(), 'provider_register', 120, concat_ws(chr(58), 'stripe', 'purchase', :e::text), 'purchase',
        'Purchase of package standard-120', repeat('0', 64), 'stripe', :e::text);
INSERT INTO pgbench_copy.outbox_messages (id, attempts, created_at, idempotency_key, kind, next_attempt_at, payload, status)
VALUES (gen_random_uuid(), 0, now(), concat_ws(chr(58), 'notification.send', 'receipt', :e::text), 'notification.send', now(),
        '{"to": "bench@scholar.local", "data": {"credits": "120"}, "template": "purchase_receipt"}', 'Pending');
UPDATE pgbench_copy.payments SET fulfilled_at = now(), paid_at = now(), payment_intent_id = 'pi_' || :e::text, status = 'fulfilled', updated_at = now()
WHERE bench_n = :n;
UPDATE pgbench_copy.stripe_events SET outcome = 'fulfilled', payment_id = (SELECT id FROM pgbench_copy.payments WHERE bench_n = :n)
WHERE event_id = 'evt_' || :e::text;
INSERT INTO pgbench_copy.webhook_attempts (id, at, direction, duration_ms, hop, key, outcome, status_code)
VALUES (gen_random_uuid(), now(), 'inbound', 1, 'stripe→provider_register', 'evt_' || :e::text, 'fulfilled', 200);
\endpipeline
COMMIT;
-- (5) The wake-up of the outbox loops, after the commit in a statement of its own, as a host without an outbox loop
-- of its own (the bench's loops-off host) sends it; a host running the loop wakes it in memory instead.
SELECT set_config('synchronous_commit', 'off', true), pg_notify('pgbench_copy_outbox', '');
