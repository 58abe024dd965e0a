using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>
/// A background loop that drains due rows with <see cref="DispatchOnceAsync"/> (one Application use case per pass): woken at once by a
/// PostgreSQL <c>NOTIFY</c> on <see cref="Channel"/> (an insert trigger, see the Notifications
/// migration) and otherwise every poll interval, which also picks up retries that have come due.
/// Any number of instances may run: each pass claims rows with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public abstract class ClaimLoop(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IOptions<NotificationSettings> settings, ILogger logger) : BackgroundService
{
    protected abstract string Channel { get; }

    protected NotificationSettings Settings => settings.Value;

    protected IServiceScopeFactory Scopes => scopes;

    /// <summary>How many workers drain at once (claims skip each other's locked rows, so any number is safe).</summary>
    protected virtual int Workers => 1;

    /// <summary>Claims due rows (<c>FOR UPDATE SKIP LOCKED</c>), delivers them and records the outcomes; returns how many were handled.</summary>
    public abstract Task<int> DispatchOnceAsync(CancellationToken cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        settings.Value.DispatchEnabled
            ? Task.WhenAll(Enumerable.Range(0, Math.Max(1, Workers)).Select(_ => WorkAsync(stoppingToken)))
            : Task.CompletedTask;

    /// <summary>One worker: its own LISTEN connection, so that a slow delivery holds up no other worker's wake-ups.</summary>
    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(settings.Value.PollSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                var gather = TimeSpan.FromMilliseconds(Math.Max(0, settings.Value.GatherMilliseconds));
                while (!stoppingToken.IsCancellationRequested)
                {
                    // A short pass means nothing more was due; rows written meanwhile have sent their NOTIFY,
                    // which Npgsql keeps, so the wait below returns at once for them.
                    while (await DispatchOnceAsync(stoppingToken) >= Math.Max(1, settings.Value.BatchSize))
                    {
                    }

                    if (await connection.WaitAsync(poll, stoppingToken) && gather > TimeSpan.Zero)
                    {
                        // Woken by a write: let the writes of the next few milliseconds join this pass, and take
                        // their wake-ups with it (reading any answer on this connection reads the notifications
                        // that came before it), so a burst costs one pass, not one each.
                        await Task.Delay(gather, stoppingToken);
                        await using var drain = new NpgsqlCommand("SELECT 1", connection);
                        await drain.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or HttpRequestException)
            {
                // The database or a dependency is away: keep polling; LISTEN is re-established on reconnect.
                logger.LogWarning(e, "{Loop} pass failed; retrying in {Poll}", GetType().Name, poll);
                await Task.Delay(poll, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
