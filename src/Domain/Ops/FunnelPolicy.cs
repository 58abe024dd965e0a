using Scholar.Domain.Common;

namespace Scholar.Domain.Ops;

public enum FunnelStage
{
    Pilot,
    Open,
}

/// <summary>
/// How wide the purchase funnel is (DESIGN.md section 7). In <see cref="FunnelStage.Pilot"/> every
/// checkout is capped and live payments are capped per day; sandbox payments move no money and do
/// not count.
/// </summary>
public sealed class FunnelPolicy
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    public FunnelStage Stage { get; set; } = FunnelStage.Pilot;

    public long PilotMaxPurchaseCents { get; set; } = 1000;

    public int PilotDailyLivePurchases { get; set; } = 25;

    public DateTimeOffset UpdatedAt { get; set; }

    public string UpdatedBy { get; set; } = "seed";

    /// <summary>Why the pilot limits refuse a checkout, naming the limit; null when allowed.</summary>
    public string? CheckoutRefusal(long amountCents, string currency, bool live, int livePurchasesToday)
    {
        if (Stage != FunnelStage.Pilot)
        {
            return null;
        }

        if (amountCents > PilotMaxPurchaseCents)
        {
            return $"While the funnel is in pilot, a purchase may not exceed {Money.Format(PilotMaxPurchaseCents, currency)} (limit: max purchase amount).";
        }

        return live && livePurchasesToday >= PilotDailyLivePurchases
            ? $"While the funnel is in pilot, at most {PilotDailyLivePurchases} live purchases are accepted per day (limit: daily live purchases)."
            : null;
    }
}
