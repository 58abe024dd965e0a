using Scholar.Application.Abstractions;
using Scholar.Application.Payments.ReconcileStripe;

namespace Scholar.Application.Ops.Reconcile;

public sealed record ReconcileCommand(string Actor, DateTimeOffset Since);

/// <summary><c>Checked</c>: the provider's facts that needed a look; <c>Fulfilled</c> and <c>Reversed</c>: those that changed credits.</summary>
public sealed record ReconcileSummary(int Checked, int Fulfilled, int Reversed);

/// <summary>
/// An operator runs the reconciliation of <see cref="ReconcileStripeHandler"/> (the webhook's own code
/// path over what the provider reports now) and the run is audited with its counts.
/// </summary>
public sealed class ReconcileHandler(ReconcileStripeHandler reconcile, IAuditLog audit, IAppDbContext db)
{
    public const string AuditAction = "payments.reconciled";

    /// <summary>Outcomes that took credits back: a refund, or a dispute opened or lost.</summary>
    private static readonly HashSet<string> Reversals = ["refund_reversed", "dispute_opened", "dispute_closed_lost"];

    public async Task<ReconcileSummary> HandleAsync(ReconcileCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var results = await reconcile.HandleAsync(command.Since, ct);
        var summary = new ReconcileSummary(results.Count, results.Count(r => r.Outcome == "fulfilled"), results.Count(r => Reversals.Contains(r.Outcome)));
        audit.Record(command.Actor, AuditAction, "stripe", new { command.Since, summary.Checked, summary.Fulfilled, summary.Reversed });
        await db.SaveChangesAsync(ct);
        return summary;
    }
}
