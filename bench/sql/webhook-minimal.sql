-- The minimal SQL for a Stripe fulfilment: one statement, one transaction, one round trip. The event
-- is recorded once (unique), the payment is fulfilled only if the event is new, the account's balance
-- moves, the purchase entry is appended and the receipt's outbox row is queued. No attempt log, no
-- NOTIFY, no name look-up: the least a correct implementation must write. pgbench variables: payments.
\set n random(1, :payments)
\set e random(1, 9000000000000000)
WITH event AS (
  INSERT INTO pgbench_copy.stripe_events (event_id, type, livemode, received_at, outcome)
  VALUES ('evt_' || :e::text, 'checkout.session.completed', false, now(), 'fulfilled') ON CONFLICT DO NOTHING
  RETURNING event_id),
paid AS (
  UPDATE pgbench_copy.payments SET status = 'fulfilled', payment_intent_id = 'pi_bench', fulfilled_at = now(), updated_at = now()
  WHERE bench_n = :n AND EXISTS (SELECT 1 FROM event)
  RETURNING id, user_id, credits),
account AS (
  UPDATE pgbench_copy.credit_accounts a SET balance = a.balance + paid.credits, version = a.version + 1, updated_at = now()
  FROM paid WHERE a.user_id = paid.user_id
  RETURNING a.id, a.balance, paid.id AS payment_id, paid.credits),
entry AS (
  INSERT INTO pgbench_copy.ledger_entries
    (id, account_id, kind, delta, reason, source, source_id, idempotency_key, request_hash, balance_after, created_by, created_at)
  SELECT gen_random_uuid(), account.id, 'purchase', account.credits, 'bench', 'stripe', account.payment_id::text || '-' || :e::text,
         'stripe-purchase-' || :e::text, repeat('0', 64), account.balance, 'provider_register', now()
  FROM account
  RETURNING id)
INSERT INTO pgbench_copy.outbox_messages (id, kind, payload, idempotency_key, status, attempts, next_attempt_at, created_at)
SELECT gen_random_uuid(), 'notification.send', '{"template":"purchase_receipt"}', 'bench-' || :e::text, 'Pending', 0, now(), now()
FROM entry;
