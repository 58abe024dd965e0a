-- GET /api/credits/balance: the caller's balance (each client its own account, setup.sql).
SELECT balance, updated_at FROM pgbench_copy.credit_accounts WHERE user_id = ('00000000-0000-0000-0000-' || lpad(:client_id::text, 12, '0'))::uuid;
