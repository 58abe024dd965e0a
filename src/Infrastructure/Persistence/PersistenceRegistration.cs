using Microsoft.EntityFrameworkCore;
using Npgsql;
using Scholar.Infrastructure.Ops.Telemetry;

namespace Scholar.Infrastructure.Persistence;

public static class PersistenceRegistration
{
    /// <summary>The one place the context's provider options are set: runtime, design time and tests.</summary>
    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        Configure(options, new NpgsqlDataSourceBuilder(connectionString).Build());

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, NpgsqlDataSource dataSource) =>
        options
            .UseNpgsql(dataSource, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(LedgerMeters.Instance);
}
