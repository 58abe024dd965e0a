namespace Scholar.IntegrationTests.Infrastructure;

/// <summary>
/// Waits for a condition that something running on its own (a loop, a send) makes true. The deadline only
/// keeps a broken build from hanging: it ends the wait with a <see cref="TaskCanceledException"/>.
/// </summary>
public static class Poll
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    public static Task UntilAsync(Func<bool> done, TimeSpan? deadline = null) => UntilAsync(() => Task.FromResult(done()), deadline);

    public static async Task UntilAsync(Func<Task<bool>> done, TimeSpan? deadline = null)
    {
        using var expiry = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(60));
        while (!await done())
        {
            await Task.Delay(Interval, expiry.Token);
        }
    }
}
