-- Copies of the hot-path tables for pgbench, in schema pgbench_copy of the bench database, so pgbench
-- runs the same statements on the same PostgreSQL without touching the app's rows.
-- psql variables: clients (accounts: one per pgbench client, as students do not share one), payments
-- (pending payments to seed per webhook run, spread over those accounts). The copies' user ids are
-- made up: 00000000-0000-0000-0000-<client_id, 12 digits>, so a pgbench client finds its own by :client_id.
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS pgbench_copy CASCADE;
CREATE SCHEMA pgbench_copy;
CREATE TABLE pgbench_copy.credit_accounts (LIKE public.credit_accounts INCLUDING ALL);
CREATE TABLE pgbench_copy.ledger_entries (LIKE public.ledger_entries INCLUDING ALL);
ALTER TABLE pgbench_copy.ledger_entries ADD FOREIGN KEY (account_id) REFERENCES pgbench_copy.credit_accounts (id);
CREATE TABLE pgbench_copy.stripe_events (LIKE public.stripe_events INCLUDING ALL);
CREATE TABLE pgbench_copy.payments (LIKE public.payments INCLUDING ALL);
ALTER TABLE pgbench_copy.payments ADD COLUMN bench_n bigserial UNIQUE;
CREATE TABLE pgbench_copy.outbox_messages (LIKE public.outbox_messages INCLUDING ALL);
CREATE TABLE pgbench_copy.webhook_attempts (LIKE public.webhook_attempts INCLUDING ALL);
CREATE TABLE pgbench_copy.notifications (LIKE public.notifications INCLUDING ALL);
CREATE TABLE pgbench_copy.idempotency_keys (LIKE public.idempotency_keys INCLUDING ALL);
INSERT INTO pgbench_copy.credit_accounts (id, user_id, balance, version, created_at, updated_at)
SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad(c::text, 12, '0'))::uuid, 1000000000, 0, now(), now()
FROM generate_series(0, :clients - 1) c;
INSERT INTO pgbench_copy.payments (id, user_id, package_id, credits, amount_cents, currency, customer_email, status,
  checkout_session_id, livemode, sandbox, refunded_cents, credits_reversed, dispute_amount_cents,
  created_at, updated_at)
SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad((n % :clients)::text, 12, '0'))::uuid, 'standard-120', 120, 1000, 'usd', 'bench@scholar.local', 'pending',
  'cs_bench_' || n, false, true, 0, 0, 0, now(), now()
FROM generate_series(1, :payments) n;
ANALYZE pgbench_copy.credit_accounts, pgbench_copy.payments;
