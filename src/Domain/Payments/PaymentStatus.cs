namespace Scholar.Domain.Payments;

public enum PaymentStatus
{
    Pending,
    Paid,
    Fulfilled,
    Failed,
    Expired,
    Refunded,
    PartiallyRefunded,
    Disputed,
    NeedsReview,
}

public static class PaymentStatusNames
{
    /// <summary>The contract's spelling: <c>partially_refunded</c>, <c>needs_review</c>, ….</summary>
    public static string ToContract(this PaymentStatus status) => status switch
    {
        PaymentStatus.PartiallyRefunded => "partially_refunded",
        PaymentStatus.NeedsReview => "needs_review",
        _ => status.ToString().ToLowerInvariant(),
    };
}
