-- POST /api/send, minimal: queue the notification once per idempotency key (one insert; no NOTIFY).
INSERT INTO pgbench_copy.notifications (id, template, channel, to_address, data, idempotency_key, status, attempts, next_attempt_at, created_at)
VALUES (gen_random_uuid(), 'welcome', 'email', 'bench@example.com', '{"name":"Bench"}', 'bench-' || gen_random_uuid(), 'Queued', 0, now(), now())
ON CONFLICT DO NOTHING;
