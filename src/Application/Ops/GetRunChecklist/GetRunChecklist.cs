using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Application.Common;
using Scholar.Application.Ops.SecretsCheck;
using Scholar.Application.Payments.GetPaymentTrail;
using Scholar.Domain.Payments;

namespace Scholar.Application.Ops.GetRunChecklist;

public sealed record ChecklistItem(string Title, bool Done, string Evidence);

/// <summary>
/// The checklist of one run over its window <c>From</c>..<c>To</c>; <c>PaymentId</c> is the run's first
/// fulfilled payment of its own mode (sandbox or live), if any.
/// </summary>
public sealed record RunChecklist(Guid RunId, DateTimeOffset From, DateTimeOffset To, Guid? PaymentId, IReadOnlyList<ChecklistItem> Items);

/// <summary>
/// The validation run checklist of DESIGN.md 8.3, read from what happened inside the run's window
/// (start to stop, end or now, whichever comes first): a payment before the run proves nothing about it.
/// </summary>
public sealed class GetRunChecklistHandler(IAppDbContext db, SecretsCheckHandler secrets, GetPaymentTrailHandler trails, TimeProvider clock)
{
    /// <summary>The /api/send smoke test's idempotency keys start with this.</summary>
    public const string SmokeKeyPrefix = "smoke:";

    public async Task<RunChecklist> HandleAsync(Guid runId, CancellationToken ct)
    {
        var run = await db.ValidationRuns.AsNoTracking().SingleOrDefaultAsync(r => r.Id == runId, ct)
            ?? throw new NotFoundException("The validation run");
        var from = run.StartedAt;
        var to = new[] { run.EndsAt, run.StoppedAt ?? run.EndsAt, clock.GetUtcNow() }.Min();

        var notify = (await secrets.HandleAsync(new SecretsCheckQuery(null), ct))
            .SelectMany(a => a.Settings.Where(s => s.Name == "NOTIFY_WEBHOOK_SECRET").Select(s => (a.App, s.Source)))
            .ToList();
        var smoke = await db.Notifications.AsNoTracking()
            .Where(n => n.IdempotencyKey.StartsWith(SmokeKeyPrefix) && n.CreatedAt >= from && n.CreatedAt <= to)
            .OrderBy(n => n.CreatedAt)
            .Select(n => new { n.CreatedAt, n.Status })
            .FirstOrDefaultAsync(ct);
        var payment = await db.Payments.AsNoTracking()
            .Where(p => p.Status == PaymentStatus.Fulfilled && p.FulfilledAt >= from && p.FulfilledAt <= to)
            .Where(p => run.Sandbox ? p.Sandbox : p.Livemode)
            .OrderBy(p => p.FulfilledAt)
            .FirstOrDefaultAsync(ct);

        List<ChecklistItem> items =
        [
            new("NOTIFY_WEBHOOK_SECRET set", notify.Count > 0 && notify.All(n => n.Source == "env"),
                notify.Count == 0
                    ? "No live instance has reported it."
                    : string.Join(", ", notify.Select(n => $"{n.App}: {SecretsCheckHandler.Describe(n.Source)}"))),
            new("/api/send smoke test", smoke is not null,
                smoke is null ? "Run it below." : $"Accepted and queued at {smoke.CreatedAt:u}; now {smoke.Status.ToString().ToLowerInvariant()}."),
            new("A purchase completed", payment is not null,
                payment is null
                    ? $"No {(run.Sandbox ? "sandbox" : "live")} payment fulfilled since the run started."
                    : $"Payment {payment.Id} fulfilled at {payment.FulfilledAt:u}."),
            .. payment is null ? WaitingForPurchase() : await VerifyAsync(payment, from, to, ct),
        ];
        return new RunChecklist(run.Id, from, to, payment?.Id, items);
    }

    private static ChecklistItem[] WaitingForPurchase() =>
    [
        new("Credits verified", false, "Waits for the purchase."),
        new("Ledger verified", false, "Waits for the purchase."),
        new("Evidence attached", false, "Waits for the purchase."),
    ];

    /// <summary>Items 4–6 for the run's payment: its credits, its account's ledger, and the evidence recorded in the window.</summary>
    private async Task<ChecklistItem[]> VerifyAsync(Payment payment, DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var trail = await trails.HandleAsync(payment, ct);
        var account = trail.Account;
        var entry = trail.Purchase is { } purchase && purchase.CreatedAt >= from && purchase.CreatedAt <= to ? purchase : null;
        var credited = entry is not null && entry.Delta == payment.Credits;

        // The account's entries add up to its balance: the ledger the purchase landed in is consistent.
        var sum = account is null ? 0 : await db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == account.Id).SumAsync(e => e.Delta, ct);
        var ledgerAddsUp = credited && sum == account!.Balance;

        var stripeEvent = trail.StripeEvents.FirstOrDefault(e => e.ReceivedAt >= from && e.ReceivedAt <= to)?.EventId;
        var receipt = trail.Receipt is { } r && r.CreatedAt >= from && r.CreatedAt <= to ? r : null;
        var missing = new[] { (stripeEvent is null, "the Stripe event"), (entry is null, "the ledger entry"), (receipt is null, "the receipt") }
            .Where(m => m.Item1).Select(m => m.Item2).ToList();

        return
        [
            new("Credits verified", credited,
                entry is null
                    ? "No purchase ledger entry for the payment inside the run."
                    : $"Ledger entry {entry.Id}: +{entry.Delta} credits for a {payment.Credits}-credit package, balance after {entry.BalanceAfter}."),
            new("Ledger verified", ledgerAddsUp,
                account is null
                    ? "The buyer has no credit account."
                    : $"The buyer's entries sum to {sum}; the account balance is {account.Balance}."),
            new("Evidence attached", missing.Count == 0,
                missing.Count == 0
                    ? $"Stripe event {stripeEvent}, ledger entry {entry!.Id} and receipt ({receipt!.Status.ToString().ToLowerInvariant()}) recorded in the run: download the bundle from the payment page."
                    : $"Not recorded inside the run yet: {string.Join(", ", missing)}."),
        ];
    }
}
