using System.Diagnostics.Metrics;

namespace Scholar.Application.Common;

/// <summary>
/// The business meters (meter <c>Scholar</c>): what the money loop did, counted where it happens and
/// exported on <c>/metrics</c> and over OTLP. deploy/observability uses these names
/// (Prometheus adds <c>_total</c>).
/// </summary>
public static class ScholarMeters
{
    public const string Name = "Scholar";

    private static readonly Meter Meter = new(Name);

    /// <summary>Payments fulfilled (credits granted for a paid checkout).</summary>
    public static readonly Counter<long> PurchasesFulfilled = Meter.CreateCounter<long>("scholar.purchases.fulfilled", "{payment}");

    /// <summary>Credits added to accounts (purchases, grants, won disputes), by ledger entry kind.</summary>
    public static readonly Counter<long> CreditsGranted = Meter.CreateCounter<long>("scholar.credits.granted", "{credit}");

    /// <summary>Credits taken from accounts (consumption, refunds, disputes, adjustments), by ledger entry kind.</summary>
    public static readonly Counter<long> CreditsConsumed = Meter.CreateCounter<long>("scholar.credits.consumed", "{credit}");

    /// <summary>Stripe webhook deliveries, by outcome (fulfilled, duplicate, parked, refund_reversed, ignored, invalid-signature …).</summary>
    public static readonly Counter<long> WebhookOutcomes = Meter.CreateCounter<long>("scholar.webhooks.stripe", "{delivery}");

    /// <summary>Emails handed to the provider and accepted.</summary>
    public static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>("scholar.emails.sent", "{email}");

    /// <summary>Emails (and outbox messages) given up on after their retries.</summary>
    public static readonly Counter<long> EmailsDeadLettered = Meter.CreateCounter<long>("scholar.emails.dead_lettered", "{email}");
}
