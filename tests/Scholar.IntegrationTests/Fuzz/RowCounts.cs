using Npgsql;

namespace Scholar.IntegrationTests.Fuzz;

/// <summary>
/// Row counts of every table in the database except the few listed here, read in one round trip.
/// Tables are enumerated from the catalog, so a table added by a later migration is covered without
/// touching this file.
/// </summary>
public sealed class RowCounts : IAsyncDisposable
{
    /// <summary>Tables a rejected request may legitimately write to, each with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Excluded = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        // EF's own bookkeeping; only migrations write it.
        ["__ef_migrations_history"] = "migration bookkeeping",

        // DESIGN.md 10.1: refused Stripe deliveries are counted per hop, minute and reason for the
        // webhook KPI (one row a minute, however many arrive), never stored one row each.
        ["rejected_deliveries"] = "per-minute count of refused deliveries, by design",

        // Per route/minute latency histograms and instance heartbeats: telemetry about requests, not
        // data from them (their writers are background workers, which the fuzz host does not run anyway).
        ["request_latency"] = "request telemetry",
        ["app_instances"] = "instance heartbeat",

        // ASP.NET Core Data Protection creates its key ring on first use (antiforgery, login cookie),
        // whichever request happens to come first; it holds key material, never request data.
        ["data_protection_keys"] = "framework key ring, created lazily on first use",
    };

    private readonly NpgsqlConnection _connection;
    private readonly string _sql;

    private RowCounts(NpgsqlConnection connection, IReadOnlyList<string> tables)
    {
        _connection = connection;
        Tables = tables;
        _sql = string.Join(" UNION ALL ", tables.Select((t, i) => $"SELECT {i}, count(*) FROM \"{t}\""));
    }

    public IReadOnlyList<string> Tables { get; }

    public static async Task<RowCounts> OpenAsync(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var command = new NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
            connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(0);
                if (!Excluded.ContainsKey(name))
                {
                    tables.Add(name);
                }
            }
        }

        return new RowCounts(connection, tables);
    }

    public async Task<long[]> ReadAsync()
    {
        var counts = new long[Tables.Count];
        await using var command = new NpgsqlCommand(_sql, _connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>"table +n" for each table whose count moved.</summary>
    public IEnumerable<string> Differences(long[] before, long[] after) =>
        Tables.Select((t, i) => (t, d: after[i] - before[i])).Where(x => x.d != 0).Select(x => $"{x.t} {x.d:+#;-#}");

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
