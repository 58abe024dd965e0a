using Microsoft.Extensions.Options;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>
/// Capped exponential backoff with jitter: attempt n waits base·2^(n-1), capped, then scaled by a
/// random factor in [0.5, 1) so that instances retrying the same outage do not stampede together.
/// </summary>
public sealed class RetryBackoff(IOptions<NotificationSettings> settings)
{
    public int MaxAttempts => settings.Value.MaxAttempts;

    public TimeSpan DelayAfter(int attempts)
    {
        var s = settings.Value;
        var exponential = s.RetryBaseSeconds * Math.Pow(2, Math.Clamp(attempts - 1, 0, 30));
        var capped = Math.Min(exponential, s.RetryCapSeconds);
        return TimeSpan.FromSeconds(capped * (0.5 + (Random.Shared.NextDouble() * 0.5)));
    }
}
