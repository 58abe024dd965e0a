namespace Scholar.Domain.Ops;

/// <summary>
/// An operator alert (DESIGN.md 10.3): one open row per condition (<see cref="ConditionKey"/>, unique
/// among open alerts) that counts how often the evaluator saw it, until the condition clears.
/// </summary>
public sealed class OpsAlert
{
    public const string VerdictChanged = "verdict-changed";
    public const string HopDegraded = "hop-degraded";
    public const string DeadLetter = "dead-letter";
    public const string EmailHalted = "email-halted";
    public const string LedgerProbeFailed = "ledger-probe-failed";
    public const string StripeKeyFailed = "stripe-key-failed";
    public const string WebhookVersionMismatch = "webhook-version-mismatch";

    private OpsAlert()
    {
    }

    public Guid Id { get; private init; } = Guid.CreateVersion7();

    public string Kind { get; private init; } = "";

    /// <summary>The condition this alert stands for: its kind, plus the subject when a kind has several (a hop).</summary>
    public string ConditionKey { get; private init; } = "";

    /// <summary><c>critical</c> or <c>warning</c>.</summary>
    public string Severity { get; private set; } = "";

    public string Title { get; private set; } = "";

    public string Detail { get; private set; } = "";

    public DateTimeOffset FirstAt { get; private init; }

    public DateTimeOffset LastAt { get; private set; }

    public int Count { get; private set; }

    public DateTimeOffset? ResolvedAt { get; private set; }

    public bool IsOpen => ResolvedAt is null;

    public static OpsAlert Open(AlertCondition condition, DateTimeOffset now) =>
        new()
        {
            Kind = condition.Kind,
            ConditionKey = condition.Key,
            Severity = condition.Severity,
            Title = condition.Title,
            Detail = condition.Detail,
            FirstAt = now,
            LastAt = now,
            Count = 1,
        };

    /// <summary>The condition still holds: count it and keep its latest wording.</summary>
    public void Recur(AlertCondition condition, DateTimeOffset now)
    {
        Severity = condition.Severity;
        Title = condition.Title;
        Detail = condition.Detail;
        LastAt = now;
        Count++;
    }

    public void Resolve(DateTimeOffset now) => ResolvedAt ??= now;
}

/// <summary>A condition the evaluator found true now; <see cref="Key"/> identifies it across evaluations.</summary>
public sealed record AlertCondition(string Kind, string Key, string Severity, string Title, string Detail)
{
    public const string Critical = "critical";
    public const string Warning = "warning";

    /// <summary>A condition of which there is only one (the kind is the key).</summary>
    public static AlertCondition Of(string kind, string severity, string title, string detail) => new(kind, kind, severity, title, detail);
}
