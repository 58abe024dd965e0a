namespace Scholar.Domain.Notifications;

/// <summary>
/// Whether email sending is stopped for every instance: the provider refused our credentials
/// (Postmark 401 / ErrorCode 10), so each further send would fail the same way. One row, seeded
/// running; the sender halts it, an operator resumes it once the credentials are fixed.
/// </summary>
public sealed class EmailSendingHalt
{
    public const int SingletonId = 1;

    public int Id { get; init; } = SingletonId;

    public bool Halted { get; private set; }

    public string? Reason { get; private set; }

    /// <summary>When sending stopped (while halted) or resumed (while running); null before either.</summary>
    public DateTimeOffset? Since { get; private set; }

    public string? ResumedBy { get; private set; }

    /// <summary>Stops sending; a halt already in force keeps its first reason and time.</summary>
    /// <returns>True when this call stopped a running sender.</returns>
    public bool Halt(string reason, DateTimeOffset now)
    {
        if (Halted)
        {
            return false;
        }

        Halted = true;
        Reason = reason;
        Since = now;
        ResumedBy = null;
        return true;
    }

    /// <returns>True when sending was halted and now runs again.</returns>
    public bool Resume(string actor, DateTimeOffset now)
    {
        if (!Halted)
        {
            return false;
        }

        Halted = false;
        Since = now;
        ResumedBy = actor;
        return true;
    }
}
