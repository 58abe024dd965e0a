namespace Scholar.Domain.Ops;

/// <summary>One run of a synthetic probe (e.g. the ledger probe of gate 3), kept as gate evidence.</summary>
public sealed class ProbeResult
{
    public const string LedgerProbe = "ledger";

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Probe { get; init; }

    public DateTimeOffset At { get; init; }

    public bool Succeeded { get; init; }

    public string? Error { get; init; }

    public required string InstanceId { get; init; }
}
