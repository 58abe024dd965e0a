namespace Scholar.Application.Ops;

public sealed record ReadinessCheck(string Name, string Status);

/// <summary>The process's readiness checks (the same ones <c>/readyz</c> runs), by name and status only.</summary>
public interface IReadinessReport
{
    Task<IReadOnlyList<ReadinessCheck>> CheckAsync(CancellationToken ct);
}
