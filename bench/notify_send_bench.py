#!/usr/bin/env python3
"""Signed POST /api/send at N concurrent clients (keep-alive); prints latency percentiles.

Usage: NOTIFY_WEBHOOK_SECRET=... python3 bench/notify_send_bench.py http://127.0.0.1:5080 [clients=8] [requests=4000]
Client-side timing (includes Python's own overhead, so it slightly overstates the server's time).
"""
import hashlib, hmac, http.client, json, os, sys, threading, time, urllib.parse, uuid

base = urllib.parse.urlparse(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5080")
clients = int(sys.argv[2]) if len(sys.argv) > 2 else 8
total = int(sys.argv[3]) if len(sys.argv) > 3 else 4000
secret = os.environ.get("NOTIFY_WEBHOOK_SECRET", "dev-only-notify-secret-not-for-production").encode()
latencies, errors, lock = [], [], threading.Lock()


def worker(count):
    conn = http.client.HTTPConnection(base.hostname, base.port)
    for _ in range(count):
        body = json.dumps({"template": "welcome", "to": f"bench-{uuid.uuid4().hex[:8]}@example.com",
                           "data": {"name": "Bench"}, "idempotencyKey": f"bench:{uuid.uuid4()}"}).encode()
        ts = str(int(time.time()))
        sig = "v1=" + hmac.new(secret, ts.encode() + b"." + body, hashlib.sha256).hexdigest()
        start = time.perf_counter()
        conn.request("POST", "/api/send", body, {"Content-Type": "application/json",
                                                 "X-Scholar-Timestamp": ts, "X-Scholar-Signature": sig})
        response = conn.getresponse()
        response.read()
        elapsed = (time.perf_counter() - start) * 1000
        with lock:
            (latencies if response.status == 202 else errors).append(elapsed if response.status == 202 else response.status)


warm = threading.Thread(target=worker, args=(200,)); warm.start(); warm.join()
latencies.clear()
threads = [threading.Thread(target=worker, args=(total // clients,)) for _ in range(clients)]
began = time.perf_counter()
for t in threads: t.start()
for t in threads: t.join()
wall = time.perf_counter() - began
latencies.sort()
pct = lambda p: latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))]
print(f"{len(latencies)} ok, {len(errors)} errors, {clients} clients, {len(latencies) / wall:.0f} req/s")
print(f"p50 {pct(50):.2f} ms  p95 {pct(95):.2f} ms  p99 {pct(99):.2f} ms  max {latencies[-1]:.2f} ms")
