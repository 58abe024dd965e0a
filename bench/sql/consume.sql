-- POST /api/credits/consume: claim the idempotency key, lock the account, look for an earlier entry
-- with the key, append the consumption, move the balance, store the answer under the key. Each client
-- uses its own account (setup.sql), as each harness client is its own student.
\set k random(1, 9000000000000000)
INSERT INTO pgbench_copy.idempotency_keys (scope, key, request_hash, state, owner_token, locked_until, created_at, expires_at)
VALUES ('bench POST /api/credits/consume', 'k' || :k::text, repeat('0', 64), 'in_flight', gen_random_uuid(), now() + interval '30 seconds', now(), now() + interval '1 day')
ON CONFLICT DO NOTHING;
BEGIN;
SELECT id, balance, version FROM pgbench_copy.credit_accounts WHERE user_id = ('00000000-0000-0000-0000-' || lpad(:client_id::text, 12, '0'))::uuid FOR UPDATE;
SELECT e.id FROM pgbench_copy.ledger_entries e JOIN pgbench_copy.credit_accounts a ON a.id = e.account_id
WHERE a.user_id = ('00000000-0000-0000-0000-' || lpad(:client_id::text, 12, '0'))::uuid AND e.idempotency_key = 'consume:' || 'k' || :k::text;
INSERT INTO pgbench_copy.ledger_entries
  (id, account_id, kind, delta, reason, source, idempotency_key, request_hash, balance_after, created_by, created_at)
SELECT gen_random_uuid(), id, 'consumption', -1, 'bench', 'api', 'consume:' || 'k' || :k::text, repeat('0', 64),
       balance - 1, 'bench', now()
FROM pgbench_copy.credit_accounts WHERE user_id = ('00000000-0000-0000-0000-' || lpad(:client_id::text, 12, '0'))::uuid;
UPDATE pgbench_copy.credit_accounts SET balance = balance - 1, version = version + 1, updated_at = now()
WHERE user_id = ('00000000-0000-0000-0000-' || lpad(:client_id::text, 12, '0'))::uuid;
UPDATE pgbench_copy.idempotency_keys SET state = 'completed', locked_until = NULL, response_status = 200,
  response_content_type = 'application/json', response_body = '\x7b7d'
WHERE scope = 'bench POST /api/credits/consume' AND key = 'k' || :k::text;
COMMIT;
