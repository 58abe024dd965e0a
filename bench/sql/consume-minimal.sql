-- The minimal SQL for a consumption: one statement, one transaction, one round trip. The balance moves
-- only if it covers the amount, the entry is appended under the client's key (unique per account) and
-- the answer is stored under the idempotency key, all or nothing. Each client uses its own account.
\set k random(1, 9000000000000000)
WITH account AS (
  UPDATE pgbench_copy.credit_accounts SET balance = balance - 1, version = version + 1, updated_at = now()
  WHERE user_id = ('00000000-0000-0000-0000-' || lpad(:client_id::text, 12, '0'))::uuid AND balance >= 1
  RETURNING id, balance),
entry AS (
  INSERT INTO pgbench_copy.ledger_entries
    (id, account_id, kind, delta, reason, source, idempotency_key, request_hash, balance_after, created_by, created_at)
  SELECT gen_random_uuid(), id, 'consumption', -1, 'bench', 'api', 'consume:' || 'k' || :k::text, repeat('0', 64), balance, 'bench', now()
  FROM account
  RETURNING id)
INSERT INTO pgbench_copy.idempotency_keys (scope, key, request_hash, state, owner_token, created_at, expires_at,
  response_status, response_content_type, response_body)
SELECT 'bench POST /api/credits/consume', 'k' || :k::text, repeat('0', 64), 'completed', gen_random_uuid(), now(), now() + interval '1 day',
  200, 'application/json', '\x7b7d'
FROM entry;
