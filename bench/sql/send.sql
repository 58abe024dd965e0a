-- POST /api/send: queue the notification once per idempotency key, then wake the sending loops with a NOTIFY after
-- the commit, as a host without a sending loop of its own (the bench's loops-off host) does.
INSERT INTO pgbench_copy.notifications (id, template, channel, to_address, data, idempotency_key, status, attempts, next_attempt_at, created_at)
VALUES (gen_random_uuid(), 'welcome', 'email', 'bench@example.com', '{"name":"Bench"}', 'bench-' || gen_random_uuid(), 'Queued', 0, now(), now())
ON CONFLICT DO NOTHING;
SELECT set_config('synchronous_commit', 'off', true), pg_notify('pgbench_copy_notifications', '');
