namespace Scholar.Application.Notifications;

/// <summary>How deliveries retry and how long a claimed email is left to its sender (from the <c>NOTIFY_*</c> settings).</summary>
/// <param name="MaxAttempts">Attempts before a message is dead-lettered.</param>
/// <param name="RetryBaseSeconds">The wait after the first failed attempt.</param>
/// <param name="RetryCapSeconds">The longest wait between attempts.</param>
/// <param name="BatchSize">Outbox rows claimed per pass.</param>
/// <param name="SendingLease">How long a claimed email is its sender's alone (well beyond a call's timeout).</param>
public sealed record DeliveryTuning(int MaxAttempts, double RetryBaseSeconds, double RetryCapSeconds, int BatchSize, TimeSpan SendingLease);

/// <summary>
/// Capped exponential backoff with jitter: attempt n waits base·2^(n-1), capped, then scaled by a
/// random factor in [0.5, 1) so that instances retrying the same outage do not stampede together.
/// </summary>
public sealed class RetryBackoff(DeliveryTuning tuning)
{
    public int MaxAttempts => tuning.MaxAttempts;

    public TimeSpan DelayAfter(int attempts)
    {
        var exponential = tuning.RetryBaseSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = Math.Min(exponential, tuning.RetryCapSeconds);
        return TimeSpan.FromSeconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }
}
