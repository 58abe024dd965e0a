namespace Scholar.Domain.Ops;

/// <summary>
/// A change of the funnel stage (DESIGN.md 7): who, when, why, and the verdict and gate evidence at
/// that moment, so a widening can always be traced to the data that allowed it.
/// </summary>
public sealed class FunnelApproval
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    public required string FromStage { get; init; }

    public required string ToStage { get; init; }

    public required string Reason { get; init; }

    /// <summary><c>GO</c>, <c>HOLD</c> or <c>NO-GO</c> when the change was made.</summary>
    public required string Verdict { get; init; }

    /// <summary>The gates as JSON at that moment.</summary>
    public required string Evidence { get; init; }

    /// <summary>SHA-256 (hex) of the provider_register Production Status Report reviewed for a widening.</summary>
    public string? ProviderRegisterReportSha256 { get; init; }

    /// <summary>SHA-256 (hex) of the auto_com_center Production Status Report reviewed for a widening.</summary>
    public string? AutoComCenterReportSha256 { get; init; }

    /// <summary>The payment whose evidence bundle was reviewed: the latest validation run's first fulfilled payment.</summary>
    public Guid? EvidencePaymentId { get; init; }

    /// <summary>SHA-256 (hex) of the reviewed evidence bundle's exact JSON text.</summary>
    public string? EvidenceSha256 { get; init; }
}
