using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>
/// A background loop that drains due rows with <see cref="DispatchOnceAsync"/> (one Application use case per pass): woken at once
/// when a unit that wrote for it commits (<see cref="DispatchWakeUps"/>: in memory in this process, by a PostgreSQL
/// <c>NOTIFY</c> on <see cref="Channel"/> from another) and otherwise every poll interval, which also picks up
/// retries that have come due. Any number of instances may run: each pass claims rows with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public abstract class ClaimLoop(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, DispatchWakeUps wakeUps, IOptions<NotificationSettings> settings, ILogger logger)
    : BackgroundService
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

    /// <summary>
    /// One worker: its own wake-up in memory and its own LISTEN connection, so that a slow delivery holds up no
    /// other worker's wake-ups. The connection's wait for a notification may outlast a wake-up in memory: it is
    /// kept pending, and nothing else is sent on the connection until it has ended.
    /// </summary>
    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        var poll = TimeSpan.FromSeconds(settings.Value.PollSeconds);
        var gather = TimeSpan.FromMilliseconds(Math.Max(0, settings.Value.GatherMilliseconds));
        using var local = wakeUps.Listen(Channel);
        Task? woken = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                // The connection's wait must have ended before the connection is closed (Npgsql refuses to reset a
                // connection that is waiting), including when a pass fails while a wait is pending.
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                Task<bool>? notified = null;
                try
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        // A short pass means nothing more was due; rows written meanwhile have set their wake-up (or sent
                        // their NOTIFY, which Npgsql keeps), so the wait below returns at once for them.
                        while (await DispatchOnceAsync(stoppingToken) >= Math.Max(1, settings.Value.BatchSize))
                        {
                        }

                        notified ??= connection.WaitAsync(poll, waiting.Token);
                        woken ??= local.WaitAsync(stoppingToken);
                        var wake = true;
                        if (await Task.WhenAny(notified, woken) == woken)
                        {
                            await woken;
                            woken = null;
                        }
                        else
                        {
                            wake = await notified;
                            notified = null;
                        }

                        if (wake && gather > TimeSpan.Zero)
                        {
                            // Let the writes of the next few milliseconds join this pass, and take their wake-ups with it,
                            // so a burst costs one pass, not one each.
                            await Task.Delay(gather, stoppingToken);
                            if (woken is null)
                            {
                                local.Take();
                            }
                            else if (woken.IsCompleted)
                            {
                                await woken;
                                woken = null;
                            }

                            if (notified is null)
                            {
                                // Reading any answer on the connection reads the notifications that came before it.
                                await using var drain = new NpgsqlCommand("SELECT 1", connection);
                                await drain.ExecuteScalarAsync(stoppingToken);
                            }
                        }
                    }
                }
                finally
                {
                    if (notified is { IsCompleted: false })
                    {
                        await waiting.CancelAsync();
                        await ((Task)notified).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
