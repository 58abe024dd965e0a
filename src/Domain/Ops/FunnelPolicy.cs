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

    /// <summary>Open (pending) live checkouts one student may hold at once, whatever the stage.</summary>
    public const int MaxOpenLiveCheckouts = 3;

    /// <summary>Why the funnel's limits refuse a checkout, naming the limit; null when allowed.</summary>
    /// <param name="amountCents">The package's price.</param>
    /// <param name="currency">The package's currency.</param>
    /// <param name="live">Whether the checkout takes real money.</param>
    /// <param name="livePaidToday">Live payments paid today (UTC): pending checkouts do not count, so abandoned ones cannot use up the day.</param>
    /// <param name="openLiveCheckouts">The student's live checkouts still pending.</param>
    public string? CheckoutRefusal(long amountCents, string currency, bool live, int livePaidToday, int openLiveCheckouts)
    {
        if (live && openLiveCheckouts >= MaxOpenLiveCheckouts)
        {
            return $"You already have {openLiveCheckouts} checkouts open; pay or leave one before starting another (limit: open live checkouts per student, {MaxOpenLiveCheckouts}).";
        }

        if (Stage != FunnelStage.Pilot)
        {
            return null;
        }

        if (amountCents > PilotMaxPurchaseCents)
        {
            return $"While the funnel is in pilot, a purchase may not exceed {Money.Format(PilotMaxPurchaseCents, currency)} (limit: max purchase amount).";
        }

        return live && livePaidToday >= PilotDailyLivePurchases
            ? $"While the funnel is in pilot, at most {PilotDailyLivePurchases} live purchases are accepted per day (limit: daily live purchases)."
            : null;
    }
}
