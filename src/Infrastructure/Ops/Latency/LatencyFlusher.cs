using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Scholar.Domain.Ops;
using Scholar.Infrastructure.Ops.Instances;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Ops.Latency;

/// <summary>
/// Merges this instance's recorded histograms into its rows of <c>request_latency</c> (one per route
/// per minute). Only this instance writes rows with its id, so read-merge-write needs no lock
/// beyond keeping one flush at a time.
/// </summary>
public sealed class LatencyFlusher(
    LatencyRecorder recorder,
    IServiceScopeFactory scopes,
    InstanceIdentity identity,
    TimeProvider clock,
    ILogger<LatencyFlusher> logger) : PeriodicWorker(clock, logger)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    protected override TimeSpan Interval => TimeSpan.FromSeconds(15);

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            var pending = recorder.Drain();
            if (pending.Count == 0)
            {
                return;
            }

            try
            {
                await WriteAsync(pending, ct);
            }
            catch
            {
                recorder.Restore(pending);
                throw;
            }
        }
        finally
        {
            _one.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await RunOnceAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Logger.LogWarning(e, "Final latency flush failed");
        }
    }

    private async Task WriteAsync(List<PendingLatency> pending, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var minutes = pending.Select(p => p.Minute).Distinct().ToList();
        var existing = await db.RequestLatency
            .Where(r => r.InstanceId == identity.Id && minutes.Contains(r.Minute))
            .ToDictionaryAsync(r => (r.Route, r.Minute), ct);

        foreach (var p in pending)
        {
            if (existing.TryGetValue((p.Route, p.Minute), out var row))
            {
                var merged = LatencyHistograms.Decode(row.Histogram);
                merged.Add(p.Histogram);
                row.Histogram = LatencyHistograms.Encode(merged);
                row.Count = merged.TotalCount;
            }
            else
            {
                db.RequestLatency.Add(new RequestLatencyMinute
                {
                    Route = p.Route,
                    Minute = p.Minute,
                    InstanceId = identity.Id,
                    Count = p.Histogram.TotalCount,
                    Histogram = LatencyHistograms.Encode(p.Histogram),
                });
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
