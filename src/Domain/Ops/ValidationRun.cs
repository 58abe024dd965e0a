using Scholar.Domain.Common;

namespace Scholar.Domain.Ops;

/// <summary>
/// A 60-minute window in which the team proves the money loop end to end (DESIGN.md 8.3); TFF$ is
/// measured from its start. A sandbox run moves no real money and is labelled as such.
/// </summary>
public sealed class ValidationRun
{
    public static readonly TimeSpan Length = TimeSpan.FromMinutes(60);

    private ValidationRun()
    {
    }

    public Guid Id { get; private init; }

    public DateTimeOffset StartedAt { get; private init; }

    public DateTimeOffset EndsAt { get; private init; }

    public string StartedBy { get; private init; } = "";

    public bool Sandbox { get; private init; }

    public DateTimeOffset? StoppedAt { get; private set; }

    public string? StoppedBy { get; private set; }

    public static ValidationRun Start(string startedBy, bool sandbox, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        StartedAt = now,
        EndsAt = now + Length,
        StartedBy = startedBy,
        Sandbox = sandbox,
    };

    public bool IsActive(DateTimeOffset now) => StoppedAt is null && now < EndsAt;

    /// <summary>When the run stopped counting: stopped early, or its 60 minutes ran out.</summary>
    public DateTimeOffset EffectiveEnd => StoppedAt is { } stopped && stopped < EndsAt ? stopped : EndsAt;

    public void Stop(string stoppedBy, DateTimeOffset now)
    {
        if (!IsActive(now))
        {
            throw new DomainException("validation-run-not-active", "The validation run has already ended.");
        }

        StoppedAt = now;
        StoppedBy = stoppedBy;
    }
}
