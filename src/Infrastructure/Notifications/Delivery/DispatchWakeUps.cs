using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Scholar.Domain.Notifications;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Notifications.Delivery;

/// <summary>
/// Wakes the claim loops once a unit that queued outbox rows or notifications has committed. A loop
/// of this process is woken in memory; when none listens here, a <c>NOTIFY</c> on the loop's channel
/// wakes the loops of other processes, sent after the commit in a statement of its own.
/// <para>
/// The NOTIFY used to come from an insert trigger, inside the business transaction. PostgreSQL
/// serialises every committing transaction that has notified, through its WAL flush, behind one lock
/// (async.c, <c>PreCommit_Notify</c>): pgbench running the webhook's statements lost about a fifth of its
/// transactions per second to it. The NOTIFY sent here commits without waiting for its flush
/// (<c>synchronous_commit</c> off for that statement alone: it writes no data). A lost wake-up delays a
/// delivery by one poll interval (<c>NOTIFY_DISPATCH_POLL_SECONDS</c>), never loses it.
/// </para>
/// </summary>
public sealed class DispatchWakeUps(NpgsqlDataSource dataSource, ILogger<DispatchWakeUps> logger) : AfterCommitInterceptor<string>
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<WakeUp, byte>> _listeners = new(StringComparer.Ordinal);

    /// <summary>The NOTIFY of each channel, at most one in flight: under load most commits share one.</summary>
    private readonly ConcurrentDictionary<string, CoalescingSender> _senders = new(StringComparer.Ordinal);

    /// <summary>A loop's wake-up on a channel, set by every commit of this process that wrote for it, until disposed.</summary>
    public WakeUp Listen(string channel)
    {
        var wakeUp = new WakeUp(this, channel);
        _listeners.GetOrAdd(channel, _ => new()).TryAdd(wakeUp, 0);
        return wakeUp;
    }

    /// <summary>Wakes the loops of a channel: this process's in memory, else the other processes' by NOTIFY.</summary>
    private void Wake(string channel)
    {
        if (_listeners.TryGetValue(channel, out var local) && !local.IsEmpty)
        {
            foreach (var wakeUp in local.Keys)
            {
                wakeUp.Set();
            }

            return;
        }

        _senders.GetOrAdd(channel, c => new CoalescingSender(() => NotifyAsync(c))).Request();
    }

    protected override IEnumerable<string> Capture(DbContext context)
    {
        if (TrackedEntries.WithoutDetectingChanges<OutboxMessage>(context).Any(e => e.State == EntityState.Added))
        {
            yield return OutboxDeliveryLoop.NotifyChannel;
        }

        if (TrackedEntries.WithoutDetectingChanges<Notification>(context).Any(e => e.State == EntityState.Added))
        {
            yield return NotificationSendingLoop.NotifyChannel;
        }
    }

    protected override void Committed(IReadOnlyList<string> facts)
    {
        foreach (var channel in facts.Distinct(StringComparer.Ordinal))
        {
            Wake(channel);
        }
    }

    /// <summary>The NOTIFY for other processes; the committer does not wait for it, and a failure only costs promptness.</summary>
    private async Task NotifyAsync(string channel)
    {
        try
        {
            await using var command = dataSource.CreateCommand("SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, '')");
            command.Parameters.Add(new NpgsqlParameter { Value = channel });
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException or TimeoutException)
        {
            logger.LogWarning(e, "Could not send the NOTIFY on {Channel}; its loops will find the rows by polling", channel);
        }
    }

    private void Remove(WakeUp wakeUp, string channel)
    {
        if (_listeners.TryGetValue(channel, out var local))
        {
            local.TryRemove(wakeUp, out _);
        }
    }

    /// <summary>One loop worker's wake-up: set any number of times, taken once by the next wait.</summary>
    public sealed class WakeUp : IDisposable
    {
        private readonly DispatchWakeUps _owner;
        private readonly string _channel;
        private readonly SemaphoreSlim _signal = new(0, 1);

        internal WakeUp(DispatchWakeUps owner, string channel)
        {
            _owner = owner;
            _channel = channel;
        }

        /// <summary>Completes when the wake-up is set (at once if it was set since the last wait).</summary>
        public Task WaitAsync(CancellationToken cancellationToken) => _signal.WaitAsync(cancellationToken);

        /// <summary>Takes a wake-up that was set, without waiting.</summary>
        public void Take() => _signal.Wait(0);

        internal void Set()
        {
            try
            {
                if (_signal.CurrentCount == 0)
                {
                    _signal.Release();
                }
            }
            catch (SemaphoreFullException)
            {
                // Set twice at once: one wake-up stands for both.
            }
            catch (ObjectDisposedException)
            {
                // The loop stopped.
            }
        }

        public void Dispose()
        {
            _owner.Remove(this, _channel);
            _signal.Dispose();
        }
    }
}
