using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Scholar.Infrastructure.Ops.Latency;

/// <summary>
/// Keeps <c>request_latency</c> bounded: once an hour, deletes the minutes older than
/// <c>OPS_LATENCY_RETENTION_DAYS</c> (default 14; the longest KPI window is 24 h or a validation
/// run) in small batches. Any number of instances may run it: deletes are idempotent and a batch
/// skips rows another instance holds (the flusher's own recent rows are never old enough).
/// </summary>
public sealed class LatencyRetention(NpgsqlDataSource dataSource, IConfiguration configuration, TimeProvider clock, ILogger<LatencyRetention> logger)
    : PeriodicWorker(clock, logger)
{
    public const string RetentionDaysSetting = "OPS_LATENCY_RETENTION_DAYS";
    public const int DefaultRetentionDays = 14;
    private const int BatchSize = 1000;

    public TimeSpan Retention { get; } = TimeSpan.FromDays(ReadDays(configuration[RetentionDaysSetting]));

    protected override TimeSpan Interval => TimeSpan.FromHours(1);

    public override async Task RunOnceAsync(CancellationToken ct)
    {
        var purged = await PurgeAsync(ct);
        if (purged > 0)
        {
            Logger.LogInformation("Purged {Count} request_latency minutes older than {Retention}", purged, Retention);
        }
    }

    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var cutoff = Clock.GetUtcNow() - Retention;
        var total = 0;
        int purged;
        do
        {
            await using var command = dataSource.CreateCommand(
                """
                DELETE FROM request_latency WHERE ctid IN (
                    SELECT ctid FROM request_latency WHERE minute < $1
                    LIMIT $2 FOR UPDATE SKIP LOCKED)
                """);
            command.Parameters.Add(new() { Value = cutoff });
            command.Parameters.Add(new() { Value = BatchSize });
            purged = await command.ExecuteNonQueryAsync(ct);
            total += purged;
        }
        while (purged == BatchSize);

        return total;
    }

    private static int ReadDays(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DefaultRetentionDays
        : int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days >= 1 ? days
        : throw new InvalidOperationException($"{RetentionDaysSetting} must be a whole number of days, at least 1.");
}
