namespace Scholar.Domain.Payments;

/// <summary>A pack of credits for sale. Prices live only here, on the server.</summary>
public sealed class CreditPackage
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public int Credits { get; set; }

    /// <summary>Minor units of <see cref="Currency"/>.</summary>
    public long PriceCents { get; set; }

    /// <summary>ISO 4217, lower case as Stripe spells it.</summary>
    public required string Currency { get; set; }

    public bool Active { get; set; } = true;

    public int SortOrder { get; set; }
}
