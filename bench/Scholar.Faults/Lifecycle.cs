using System.Text.Json.Nodes;

namespace Scholar.Faults;

/// <summary>
/// Run (f): one payment's life at Stripe — paid, refunded in steps up to the amount, at most one dispute
/// on the remainder (open, won or lost) — and what its credits and status must end in, whatever the
/// delivery order. The model is written here from DESIGN.md 10.1 and ADR 0013, not taken from the product.
/// </summary>
internal sealed record Lifecycle(string PaymentId, string SessionId, long[] RefundSteps, long DisputeAmount, string? DisputeOutcome)
{
    private const long Amount = 1000;
    private const int Credits = 120;
    private static readonly string[] Outcomes = ["open", "won", "lost"];

    public static Lifecycle Draw(string paymentId, string sessionId, Random random)
    {
        var refunded = random.Next(4) switch { 0 => 0, 1 => Amount, _ => random.NextInt64(1, Amount) };
        var steps = Enumerable.Range(0, random.Next(1, 4)).Select(_ => random.NextInt64(1, refunded + 1)).Append(refunded)
            .Where(r => r > 0).Distinct().Order().ToArray();
        var disputed = Amount - refunded > 0 && random.Next(2) == 0;
        return new Lifecycle(paymentId, sessionId, steps, disputed ? Amount - refunded : 0, disputed ? Outcomes[random.Next(Outcomes.Length)] : null);
    }

    private long Refunded => RefundSteps.Length == 0 ? 0 : RefundSteps[^1];

    private bool DisputeTakes => DisputeOutcome is "open" or "lost";

    /// <summary>The credits the payment leaves with its buyer: the purchase less the nearest-credit share of what was reversed.</summary>
    public long ExpectedNetCredits
    {
        get
        {
            var reversed = Math.Min(Amount, Refunded + (DisputeTakes ? DisputeAmount : 0));
            return Credits - (((2 * Credits * reversed) + Amount) / (2 * Amount));
        }
    }

    public string ExpectedStatus =>
        DisputeTakes ? "disputed" : Refunded >= Amount ? "refunded" : Refunded > 0 ? "partially_refunded" : "fulfilled";

    private string PaymentIntent => $"pi_bench_{PaymentId}";

    private string Charge => $"ch_bench_{PaymentId}";

    public Delivery Completion() => new(PaymentId, StripeEvent.CheckoutCompleted(PaymentId, SessionId));

    /// <summary>The refunds and dispute events, each a distinct Stripe event.</summary>
    public IEnumerable<Delivery> Reversals()
    {
        foreach (var step in RefundSteps)
        {
            yield return new(PaymentId, StripeEvent.Event("charge.refunded", new JsonObject
            {
                ["id"] = Charge, ["object"] = "charge", ["amount"] = Amount, ["amount_refunded"] = step, ["currency"] = "usd",
                ["payment_intent"] = PaymentIntent, ["refunded"] = step >= Amount, ["status"] = "succeeded",
            }));
        }

        if (DisputeOutcome is null)
        {
            yield break;
        }

        yield return new(PaymentId, Dispute("charge.dispute.created", "needs_response"));
        if (DisputeOutcome != "open")
        {
            yield return new(PaymentId, Dispute("charge.dispute.closed", DisputeOutcome));
        }
    }

    private string Dispute(string type, string status) => StripeEvent.Event(type, new JsonObject
    {
        ["id"] = $"dp_bench_{PaymentId}", ["object"] = "dispute", ["amount"] = DisputeAmount, ["charge"] = Charge, ["currency"] = "usd",
        ["payment_intent"] = PaymentIntent, ["reason"] = "fraudulent", ["status"] = status,
    });

    /// <summary>
    /// Every payment's completion and reversals, 30 % of them sent twice, shuffled; for half the payments
    /// the completion is held back to the last third, so their refunds and disputes mostly arrive first.
    /// </summary>
    public static List<Delivery> Plan(IReadOnlyList<Lifecycle> lifecycles, double duplicates, Random random)
    {
        var early = new List<Delivery>();
        var late = new List<Delivery>();
        foreach (var life in lifecycles)
        {
            (random.Next(2) == 0 ? late : early).Add(life.Completion());
            early.AddRange(life.Reversals());
        }

        var originals = early.Concat(late).ToArray();
        var copies = (int)Math.Round(originals.Length * duplicates);
        for (var i = 0; i < copies; i++)
        {
            var original = originals[random.Next(originals.Length)];
            early.Add(new Delivery(original.PaymentId, original.Payload));
        }

        var shuffled = early.OrderBy(_ => random.Next()).ToList();
        foreach (var completion in late)
        {
            shuffled.Insert(random.Next(shuffled.Count * 2 / 3, shuffled.Count + 1), completion);
        }

        return shuffled;
    }
}
