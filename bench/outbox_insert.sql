-- pgbench -n -c 8 -j 2 -T 20 -f bench/outbox_insert.sql <db>: one outbox insert per transaction (with the NOTIFY trigger).
INSERT INTO outbox_messages (id, kind, payload, idempotency_key, status, attempts, next_attempt_at, created_at)
VALUES (gen_random_uuid(), 'bench', '{"template":"welcome"}', 'bench:' || gen_random_uuid(), 'Sent', 0, now(), now());
