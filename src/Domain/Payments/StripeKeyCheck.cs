namespace Scholar.Domain.Payments;

/// <summary>
/// The result of an authenticated call to Stripe with the configured key. Records the key's kind
/// (e.g. <c>sk_live</c>) and the mode Stripe answered in — never the key itself.
/// </summary>
public sealed class StripeKeyCheck
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset CheckedAt { get; init; }

    /// <summary><c>sk_live</c>, <c>rk_test</c>, … or <c>sandbox</c>/<c>missing</c>.</summary>
    public required string KeyKind { get; init; }

    public bool Succeeded { get; init; }

    public bool? Livemode { get; init; }

    public string? Error { get; init; }
}
