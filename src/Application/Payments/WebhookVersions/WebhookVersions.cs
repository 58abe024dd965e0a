using Microsoft.EntityFrameworkCore;
using Scholar.Application.Abstractions;
using Scholar.Domain.Ops;

namespace Scholar.Application.Payments.WebhookVersions;

/// <summary>The Stripe API version Scholar's Stripe library is written against (Stripe.net's pinned version).</summary>
public sealed record PinnedStripeApiVersion(string Value);

/// <summary>
/// Which API versions recent Stripe webhooks were rendered in, when any differs from the pinned one:
/// the warning on gate 2, in the provider_register status report and behind the
/// <c>webhook-version-mismatch</c> alert.
/// </summary>
public sealed class WebhookVersionsHandler(IAppDbContext db, PinnedStripeApiVersion pinned, TimeProvider clock)
{
    /// <summary>How far back a webhook's version still counts: Stripe retries for three days.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromHours(72);

    public async Task<WebhookVersionMismatch?> MismatchAsync(CancellationToken ct)
    {
        var since = clock.GetUtcNow() - Lookback;
        var seen = await db.StripeEvents.AsNoTracking()
            .Where(e => e.ReceivedAt >= since && e.ApiVersion != null && e.ApiVersion != pinned.Value)
            .Select(e => e.ApiVersion!)
            .Distinct()
            .OrderBy(v => v)
            .ToListAsync(ct);
        return seen.Count == 0 ? null : new WebhookVersionMismatch(pinned.Value, seen);
    }
}
