-- POST /webhooks/stripe (checkout.session.completed): record the event, lock and fulfil the payment,
-- lock the account, append the purchase entry, move the balance, queue the receipt, wake the
-- dispatcher, then log the delivery attempt. pgbench variables: payments (how many were seeded, spread
-- over the clients' accounts: the payment's own account is locked), user_id (a real user, whose name is read).
\set n random(1, :payments)
\set e random(1, 9000000000000000)
BEGIN;
INSERT INTO pgbench_copy.stripe_events (event_id, type, livemode, received_at, outcome)
VALUES ('evt_' || :e::text, 'checkout.session.completed', false, now(), 'processing') ON CONFLICT DO NOTHING;
SELECT * FROM pgbench_copy.payments WHERE bench_n = :n FOR UPDATE;
UPDATE pgbench_copy.payments SET status = 'fulfilled', payment_intent_id = 'pi_bench', fulfilled_at = now(), updated_at = now() WHERE bench_n = :n
RETURNING user_id AS payer \gset
SELECT display_name FROM public.users WHERE id = :user_id;
SELECT id, balance, version FROM pgbench_copy.credit_accounts WHERE user_id = :payer FOR UPDATE;
INSERT INTO pgbench_copy.ledger_entries
  (id, account_id, kind, delta, reason, source, source_id, idempotency_key, request_hash, balance_after, created_by, created_at)
SELECT gen_random_uuid(), id, 'purchase', 120, 'bench', 'stripe', gen_random_uuid()::text, 'stripe-purchase-' || gen_random_uuid(),
       repeat('0', 64), balance + 120, 'provider_register', now()
FROM pgbench_copy.credit_accounts WHERE user_id = :payer;
UPDATE pgbench_copy.credit_accounts SET balance = balance + 120, version = version + 1, updated_at = now() WHERE user_id = :payer;
INSERT INTO pgbench_copy.outbox_messages (id, kind, payload, idempotency_key, status, attempts, next_attempt_at, created_at)
VALUES (gen_random_uuid(), 'notification.send', '{"template":"purchase_receipt"}', 'bench-' || gen_random_uuid(), 'Pending', 0, now(), now());
SELECT pg_notify('pgbench_copy_outbox', '');
UPDATE pgbench_copy.stripe_events SET outcome = 'fulfilled' WHERE event_id = 'evt_' || :e::text;
COMMIT;
INSERT INTO pgbench_copy.webhook_attempts (id, hop, direction, key, status_code, outcome, duration_ms, at)
VALUES (gen_random_uuid(), 'stripe→provider_register', 'inbound', 'evt', 200, 'processed', 1, now());
