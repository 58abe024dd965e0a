-- POST /api/credits/consume as the app sends it: four round trips in one transaction. (1) BEGIN with the
-- Idempotency-Key claim, bounded by lock_timeout for that statement only, and the read of the key's row;
-- (2) the account's row lock; (3) one batch of writes: balance, the stored answer under the key, the
-- consumption entry; (4) COMMIT. Pipelines stand for Npgsql's batches. Each client uses its own account
-- (setup.sql), as each harness client is its own student.
-- Keys are joined with chr(58): pgbench reads a colon followed by a name as a variable, inside quotes too.
\set k random(1, 9000000000000000)
\startpipeline
BEGIN;
SELECT set_config('lock_timeout', '2000', true);
INSERT INTO pgbench_copy.idempotency_keys AS k
    (scope, key, request_hash, state, owner_token, locked_until, created_at, expires_at)
VALUES ('bench POST /api/credits/consume', 'k' || :k::text, repeat('0', 64), 'in_flight', gen_random_uuid(), NULL, now(), now() + interval '1 day')
ON CONFLICT (scope, key) DO UPDATE
SET request_hash = EXCLUDED.request_hash, state = 'in_flight', owner_token = EXCLUDED.owner_token,
    locked_until = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at,
    response_status = NULL, response_content_type = NULL, response_body = NULL
WHERE k.expires_at <= now()
   OR (k.state = 'in_flight' AND k.locked_until <= now() AND k.request_hash = EXCLUDED.request_hash)
RETURNING k.owner_token;
SET LOCAL lock_timeout TO DEFAULT;
SELECT request_hash, state, response_status, response_content_type, response_body
FROM pgbench_copy.idempotency_keys WHERE scope = 'bench POST /api/credits/consume' AND key = 'k' || :k::text;
\endpipeline
SELECT * FROM pgbench_copy.credit_accounts WHERE user_id = ('00000000-0000-0000-0000-' || lpad(:client_id::text, 12, '0'))::uuid FOR UPDATE \gset account_
\startpipeline
UPDATE pgbench_copy.credit_accounts SET balance = :account_balance::bigint - 1, updated_at = now(), version = :account_version::bigint + 1
WHERE id = :account_id::uuid AND version = :account_version::bigint;
UPDATE pgbench_copy.idempotency_keys SET response_body = '\x7b7d', response_content_type = 'application/json', response_status = 200, state = 'completed'
WHERE key = 'k' || :k::text AND scope = 'bench POST /api/credits/consume' AND state = 'in_flight';
INSERT INTO pgbench_copy.ledger_entries
  (id, account_id, balance_after, created_at, created_by, delta, idempotency_key, kind, reason, request_hash, source, source_id)
VALUES (gen_random_uuid(), :account_id::uuid, :account_balance::bigint - 1, now(), 'bench', -1, concat_ws(chr(58), 'consume', 'k' || :k::text),
        'consumption', 'bench', repeat('0', 64), 'api', NULL)
RETURNING sequence;
\endpipeline
COMMIT;
