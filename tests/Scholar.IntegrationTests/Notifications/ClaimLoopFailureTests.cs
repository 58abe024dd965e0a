using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Notifications;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.Infrastructure.Persistence;
using Scholar.IntegrationTests.Infrastructure;
using Scholar.IntegrationTests.Ops;

namespace Scholar.IntegrationTests.Notifications;

/// <summary>
/// A pass that fails while the loop's LISTEN connection is waiting for a NOTIFY: the wait is ended before the
/// connection is closed, so the pass's own error is what is logged and the connection goes back to the pool.
/// (Closing a waiting connection threw instead, hid the pass's error and kept the connection from the pool.)
/// </summary>
public sealed class ClaimLoopFailureTests
{
    /// <summary>Pass 1 finds nothing, pass 2 fails, later passes find nothing.</summary>
    private sealed class FailingSecondPassLoop(NpgsqlDataSource dataSource, DispatchWakeUps wakeUps, ILogger logger)
        : ClaimLoop(new ServiceCollection().BuildServiceProvider().GetRequiredService<IServiceScopeFactory>(), dataSource, wakeUps,
            Options.Create(new NotificationSettings { DispatchEnabled = true, PollSeconds = 3600, GatherMilliseconds = 0 }), logger)
    {
        private int _passes;

        public TaskCompletionSource FirstPass { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override string Channel => OutboxDeliveryLoop.NotifyChannel;

        public override Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
        {
            switch (Interlocked.Increment(ref _passes))
            {
                case 1:
                    FirstPass.TrySetResult();
                    return Task.FromResult(0);
                case 2:
                    throw new InvalidOperationException("the pass failed");
                default:
                    return Task.FromResult(0);
            }
        }
    }

    [Fact]
    public async Task A_pass_failing_while_the_connection_waits_logs_its_own_error_and_returns_the_connection()
    {
        await using var database = await TestDatabase.CreateAsync();
        // Two connections in the pool: the loop's LISTEN connection and one for the commit below. After the
        // failure the loop waits its poll interval (an hour) before it reconnects, so both must be free then.
        await using var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database.ConnectionString) { MaxPoolSize = 2 }.ConnectionString);
        var wakeUps = new DispatchWakeUps(dataSource, NullLogger<DispatchWakeUps>.Instance);
        var logs = new CapturedLogs();
        var loop = new FailingSecondPassLoop(dataSource, wakeUps, logs.CreateLogger(nameof(ClaimLoop)));

        await loop.StartAsync(CancellationToken.None);
        try
        {
            await loop.FirstPass.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The loop now waits on its LISTEN connection (for an hour) and on its wake-up in memory: a commit of
            // this process wakes it, and its next pass fails while the connection's wait is still pending.
            await QueueOutboxRowAsync(dataSource, wakeUps);

            await Poll.UntilAsync(() => Warnings(logs).Count > 0, TimeSpan.FromSeconds(30));
            var warning = Assert.Single(Warnings(logs));
            Assert.Contains("System.InvalidOperationException: the pass failed", warning, StringComparison.Ordinal);

            // The connection went back to the pool: both of the pool's connections can be opened.
            await using var one = await dataSource.OpenConnectionAsync();
            await using var two = await dataSource.OpenConnectionAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await loop.StopAsync(CancellationToken.None);
        }
    }

    private static List<string> Warnings(CapturedLogs logs) =>
        [.. logs.Lines.Where(line => line.StartsWith(nameof(LogLevel.Warning), StringComparison.Ordinal) || line.StartsWith(nameof(LogLevel.Error), StringComparison.Ordinal))];

    private static async Task QueueOutboxRowAsync(NpgsqlDataSource dataSource, DispatchWakeUps wakeUps)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        PersistenceRegistration.Configure(options, dataSource).AddInterceptors(wakeUps);
        await using var db = new AppDbContext(options.Options);
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.OutboxMessages.Add(OutboxMessage.Queue("notification.send", "{}", $"claim-loop-{Guid.NewGuid():N}", DateTimeOffset.UtcNow, null));
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }
}
