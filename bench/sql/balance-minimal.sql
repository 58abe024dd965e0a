-- GET /api/credits/balance, minimal: already one indexed read (the same as balance.sql).
SELECT balance, updated_at FROM pgbench_copy.credit_accounts WHERE user_id = ('00000000-0000-0000-0000-' || lpad(:client_id::text, 12, '0'))::uuid;
