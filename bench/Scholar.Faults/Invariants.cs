using System.Globalization;

namespace Scholar.Faults;

/// <summary>The promises checked after each run, from the database and from what the Postmark stub accepted.</summary>
internal static class Invariants
{
    public static async Task CheckAsync(FaultsDatabase db, PostmarkStub stub, RunResult result, double graceSeconds, IReadOnlyList<Lifecycle>? lifecycles = null)
    {
        async Task Expect(string what, string sql)
        {
            var count = await db.ScalarAsync(sql);
            if (count != 0)
            {
                result.Violations.Add($"{what}: {count}");
            }
        }

        // Every delivered session was paid: each must be fulfilled (or, in a lifecycle run, end where its facts say).
        if (lifecycles is null)
        {
            await Expect("paid sessions not fulfilled", "SELECT count(*) FROM payments WHERE status <> 'fulfilled'");
        }
        else
        {
            await CheckLifecyclesAsync(db, lifecycles, result);
        }

        await Expect("paid sessions without exactly one purchase entry", """
            SELECT count(*) FROM payments p
            WHERE (SELECT count(*) FROM ledger_entries e WHERE e.kind = 'purchase' AND e.source = 'stripe' AND e.source_id = p.id::text) <> 1
            """);
        await Expect("accounts whose entries do not sum to the balance", """
            SELECT count(*) FROM credit_accounts a
            WHERE a.balance <> (SELECT coalesce(sum(e.delta), 0) FROM ledger_entries e WHERE e.account_id = a.id)
            """);
        await Expect("entries whose balance_after is not the running sum", """
            SELECT count(*) FROM (
              SELECT balance_after, sum(delta) OVER (PARTITION BY account_id ORDER BY sequence) AS running FROM ledger_entries) x
            WHERE balance_after <> running
            """);
        await Expect("balances below zero", "SELECT count(*) FROM credit_accounts WHERE balance < 0");
        await Expect("consumptions that overdrew", "SELECT count(*) FROM ledger_entries WHERE kind = 'consumption' AND balance_after < 0");

        result.Purchases = await db.ScalarAsync("SELECT count(*) FROM ledger_entries WHERE kind = 'purchase'");
        result.ConsumptionEntries = await db.ScalarAsync("SELECT count(*) FROM ledger_entries WHERE kind = 'consumption'");
        if (result.ConsumptionEntries != result.Consumed)
        {
            result.Violations.Add($"consumption entries ({result.ConsumptionEntries}) ≠ consumes answered 200 ({result.Consumed})");
        }

        CheckReceipts(await db.ReceiptsAsync(), stub, result);
        result.OutboxDead = await db.ScalarAsync("SELECT count(*) FROM outbox_messages WHERE status = 'Dead'");
        await Expect("outbox rows dead-lettered without a reason", "SELECT count(*) FROM outbox_messages WHERE status = 'Dead' AND coalesce(last_error, '') = ''");
        await Expect("paid sessions with neither a receipt nor a dead-lettered request", """
            SELECT count(*) FROM payments p
            WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.idempotency_key = 'receipt:' || p.id)
              AND NOT EXISTS (SELECT 1 FROM outbox_messages o WHERE o.idempotency_key = 'notification.send:receipt:' || p.id AND o.status = 'Dead')
            """);
        if (!result.Drained)
        {
            result.Violations.Add("outbox / email queue not drained in time");
        }

        CheckAnswers(result, graceSeconds);
    }

    /// <summary>Run (f): each payment's own ledger entries and its status equal the model's, whatever order its facts came in.</summary>
    private static async Task CheckLifecyclesAsync(FaultsDatabase db, IReadOnlyList<Lifecycle> lifecycles, RunResult result)
    {
        var actual = await db.PaymentNetCreditsAsync();
        var wrongCredits = lifecycles.Where(l => !actual.TryGetValue(l.PaymentId, out var a) || a.NetCredits != l.ExpectedNetCredits).ToList();
        var wrongStatus = lifecycles.Where(l => !actual.TryGetValue(l.PaymentId, out var a) || a.Status != l.ExpectedStatus).ToList();
        if (wrongCredits.Count > 0)
        {
            result.Violations.Add($"payments whose credits differ from the model: {wrongCredits.Count}");
            result.Notes.Add("first: " + string.Join("; ", wrongCredits.Take(3).Select(l =>
                $"{l.PaymentId} expected {l.ExpectedNetCredits}, got {(actual.TryGetValue(l.PaymentId, out var a) ? a.NetCredits : null)} ({l})")));
        }

        if (wrongStatus.Count > 0)
        {
            result.Violations.Add($"payments whose status differs from the model: {wrongStatus.Count}");
            result.Notes.Add("first: " + string.Join("; ", wrongStatus.Take(3).Select(l =>
                $"{l.PaymentId} expected {l.ExpectedStatus}, got {(actual.TryGetValue(l.PaymentId, out var a) ? a.Status : null)} ({l})")));
        }

        result.Notes.Add($"lifecycles: {lifecycles.Count} payments, {lifecycles.Count(l => l.ExpectedStatus == "refunded")} refunded in full, "
            + $"{lifecycles.Count(l => l.ExpectedStatus == "partially_refunded")} partly, {lifecycles.Count(l => l.DisputeOutcome is not null)} disputed "
            + $"({lifecycles.Count(l => l.DisputeOutcome == "won")} won, {lifecycles.Count(l => l.DisputeOutcome == "lost")} lost); "
            + $"{await db.ScalarAsync("SELECT count(*) FROM stripe_events WHERE parked_fact IS NOT NULL")} facts arrived before their payment and were parked");
    }

    /// <summary>Sent: accepted by the stub exactly once, under the id Scholar recorded. Failed: a reason, never accepted.</summary>
    private static void CheckReceipts(IReadOnlyList<ReceiptRow> rows, PostmarkStub stub, RunResult result)
    {
        var sentTwice = 0;
        var sentButNotRecorded = 0;
        var wrongMessageId = 0;
        var deadWithoutReason = 0;
        var deadButAccepted = 0;
        foreach (var row in rows)
        {
            var accepted = stub.Accepted.TryGetValue(row.Id, out var ids) ? ids.ToArray() : [];
            switch (row.Status)
            {
                case "Sent" or "Delivered" or "Bounced":
                    result.ReceiptsSent++;
                    sentTwice += accepted.Length > 1 ? 1 : 0;
                    wrongMessageId += accepted.Length == 1 && accepted[0] != row.ProviderMessageId ? 1 : 0;
                    sentButNotRecorded += accepted.Length == 0 ? 1 : 0;
                    break;
                case "Failed" or "Suppressed":
                    result.ReceiptsDead++;
                    deadWithoutReason += string.IsNullOrEmpty(row.LastError) ? 1 : 0;
                    deadButAccepted += accepted.Length > 0 ? 1 : 0;
                    result.DeadReasons.Add(row.LastError ?? "");
                    break;
                default:
                    result.ReceiptsStuck++;
                    break;
            }
        }

        var known = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        result.StubAcceptedDistinct = stub.Accepted.Count;
        result.StubAccepted = stub.Accepted.Values.Sum(v => v.Count);
        void Add(string what, long count)
        {
            if (count != 0)
            {
                result.Violations.Add($"{what}: {count}");
            }
        }

        Add("receipts accepted by Postmark more than once", sentTwice);
        if (sentTwice > 0)
        {
            result.Notes.Add("accepted more than once (notification ids): " + string.Join(", ", stub.Accepted.Where(a => a.Value.Count > 1).Select(a => a.Key).Take(10)));
        }

        Add("receipts marked sent that Postmark never accepted", sentButNotRecorded);
        Add("receipts whose provider message id is not the one Postmark gave", wrongMessageId);
        Add("receipts dead-lettered without a reason", deadWithoutReason);
        Add("receipts dead-lettered although Postmark accepted them", deadButAccepted);
        Add("receipts still queued", result.ReceiptsStuck);
        Add("messages Postmark accepted that are no receipt", stub.Accepted.Keys.Count(k => !known.Contains(k)));
    }

    /// <summary>Valid signed events are never refused; 5xx only while PostgreSQL is down or a process restarts (plus a grace).</summary>
    private static void CheckAnswers(RunResult result, double graceSeconds)
    {
        var grace = TimeSpan.FromSeconds(graceSeconds);
        bool Inside((TimeSpan From, TimeSpan To, int Status) e) => result.Windows.Any(w => e.From <= w.To + grace && e.To >= w.From);
        result.ServerErrorsOutside = result.Webhooks.ServerErrorTimes.Concat(result.Consumes.ServerErrorTimes).Count(e => !Inside(e));
        if (result.ServerErrorsOutside > 0)
        {
            var first = result.Webhooks.ServerErrorTimes.Concat(result.Consumes.ServerErrorTimes).Where(e => !Inside(e)).MinBy(e => e.From);
            result.Violations.Add(string.Create(CultureInfo.InvariantCulture,
                $"5xx outside the fault windows: {result.ServerErrorsOutside} (first: HTTP {first.Status} at {first.From.TotalSeconds:F1} s)"));
        }

        if (result.Webhooks.ClientErrors > 0)
        {
            result.Violations.Add($"validly signed deliveries refused with 4xx: {result.Webhooks.ClientErrors}");
        }

        var consumeOther4xx = result.Consumes.ClientErrors - result.ConsumeRefused;
        if (consumeOther4xx > 0)
        {
            result.Violations.Add($"consumes refused with a 4xx other than 409: {consumeOther4xx}");
        }
    }
}
