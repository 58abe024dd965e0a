using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Scholar.Infrastructure.Idempotency;

/// <summary>
/// Deletes expired idempotency keys in small batches once an hour. Any number of instances may run
/// it: the deletes are idempotent and a batch skips rows another instance holds.
/// </summary>
public sealed class IdempotencyKeyPurge(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<IdempotencyKeyPurge> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    private const int BatchSize = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var purged = await PurgeAsync(stoppingToken);
                if (purged > 0)
                {
                    logger.LogInformation("Purged {Count} expired idempotency keys", purged);
                }
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                logger.LogWarning(exception, "Purging expired idempotency keys failed; next attempt in {Interval}", Interval);
            }
        }
    }

    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int purged;
        do
        {
            await using var command = dataSource.CreateCommand(
                """
                DELETE FROM idempotency_keys WHERE ctid IN (
                    SELECT ctid FROM idempotency_keys WHERE expires_at < now()
                    LIMIT $1 FOR UPDATE SKIP LOCKED)
                """);
            command.Parameters.Add(new() { Value = BatchSize });
            purged = await command.ExecuteNonQueryAsync(cancellationToken);
            total += purged;
        }
        while (purged == BatchSize);

        return total;
    }
}
