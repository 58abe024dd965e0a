using Microsoft.EntityFrameworkCore;
using Npgsql;
using Scholar.Infrastructure.Configuration;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Infrastructure;

/// <summary>
/// A private PostgreSQL database for one test class, cloned from a template that holds every
/// migration. Cloning takes milliseconds, so classes run in parallel without seeing each other's rows.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _template;

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Connection to the server's maintenance database; the role needs CREATEDB.</summary>
    public static string AdminConnectionString => DatabaseUrl.ToConnectionString(
        Environment.GetEnvironmentVariable("TEST_DATABASE_URL") ?? "postgres://scholar:scholar@127.0.0.1:5432/postgres");

    public static async Task<TestDatabase> CreateAsync()
    {
        var name = $"scholar_test_{Guid.NewGuid():N}"[..32];
        await Gate.WaitAsync();
        try
        {
            _template ??= await EnsureTemplateAsync();
            await ExecuteAsync(AdminConnectionString, $"CREATE DATABASE \"{name}\" TEMPLATE \"{_template}\"");
        }
        finally
        {
            Gate.Release();
        }

        return new TestDatabase(name, ForDatabase(name));
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        // Two short-lived conditions make a drop fail, and a retry a moment later succeeds:
        // - a host's worker that has not yet seen its cancellation connects again while FORCE ends the
        //   sessions (55006, object in use);
        // - an autovacuum worker is busy in the database. It runs under no role, so FORCE, issued by a
        //   role that is not superuser, may not terminate it (42501, insufficient privilege).
        //   The worker ends on its own within a second or two.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(AdminConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException e) when (IsTransient(e) && attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * Math.Min(attempt, 10)));
            }
        }
    }

    private static bool IsTransient(PostgresException e) =>
        e.SqlState is PostgresErrorCodes.ObjectInUse or PostgresErrorCodes.InsufficientPrivilege;

    private static string ForDatabase(string name) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;

    /// <summary>
    /// One template per build of the migrations (named by the Infrastructure assembly's MVID, which
    /// deterministic builds keep stable). An advisory lock keeps parallel test processes from racing.
    /// </summary>
    private static async Task<string> EnsureTemplateAsync()
    {
        var mvid = typeof(AppDbContext).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..12];
        var template = $"scholar_tpl_{mvid}";

        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(471102)", admin))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @n", admin);
        exists.Parameters.AddWithValue("n", template);
        if (await exists.ExecuteScalarAsync() is null)
        {
            await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{template}\"", admin))
            {
                await create.ExecuteNonQueryAsync();
            }

            await using (var dataSource = NpgsqlDataSource.Create(ForDatabase(template)))
            {
                var options = new DbContextOptionsBuilder<AppDbContext>();
                PersistenceRegistration.Configure(options, dataSource);
                await using var db = new AppDbContext(options.Options);
                await db.Database.MigrateAsync();
            }

            NpgsqlConnection.ClearAllPools();
            await DropOtherTemplatesAsync(admin, template);
        }

        await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(471102)", admin))
        {
            await unlock.ExecuteNonQueryAsync();
        }

        return template;
    }

    /// <summary>
    /// The templates of earlier builds: without this a developer's cluster keeps one database per build of the
    /// migrations. One still in use (a test process of another build is copying it) is left for next time.
    /// </summary>
    private static async Task DropOtherTemplatesAsync(NpgsqlConnection admin, string current)
    {
        var others = new List<string>();
        await using (var list = new NpgsqlCommand(@"SELECT datname FROM pg_database WHERE datname LIKE 'scholar\_tpl\_%' AND datname <> @n", admin))
        {
            list.Parameters.AddWithValue("n", current);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                others.Add(reader.GetString(0));
            }
        }

        foreach (var name in others)
        {
            try
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", admin);
                await drop.ExecuteNonQueryAsync();
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
            {
                // Being copied by another test process right now.
            }
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
