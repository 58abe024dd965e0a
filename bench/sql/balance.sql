-- GET /api/credits/balance: the caller's balance.
SELECT balance, updated_at FROM pgbench_copy.credit_accounts WHERE user_id = :user_id;
