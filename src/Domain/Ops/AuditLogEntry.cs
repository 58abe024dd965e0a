namespace Scholar.Domain.Ops;

/// <summary>One operator action or policy change (DESIGN.md 7); append-only.</summary>
public sealed class AuditLogEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public DateTimeOffset At { get; init; }

    /// <summary>Who acted: a user id, or a system name such as <c>system:ledger-probe</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>What happened, dotted and stable (e.g. <c>validation_run.started</c>).</summary>
    public required string Action { get; init; }

    /// <summary>What it happened to (e.g. <c>validation_run:{id}</c>).</summary>
    public required string Subject { get; init; }

    /// <summary>JSON details; never a secret value.</summary>
    public string? Details { get; init; }
}
