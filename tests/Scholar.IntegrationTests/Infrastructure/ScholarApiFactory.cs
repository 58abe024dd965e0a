using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Infrastructure.Persistence;

namespace Scholar.IntegrationTests.Infrastructure;

/// <summary>
/// The real Web host (full HTTP pipeline) on a private database. One per test class
/// (<c>IClassFixture</c>): host start-up costs seconds, the database clone milliseconds.
/// </summary>
public class ScholarApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The fixture is not initialised.");

    /// <summary>Settings layered over the environment, by their DESIGN.md names.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected virtual string EnvironmentName => "Development";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();

        // Seeders run as `migrate` would run them; migrations are already in the template.
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting("DATABASE_URL", Database.ConnectionString);

        // Ordinary tests share one client address; the rate-limit tests set their own value.
        builder.UseSetting("AUTH_RATE_LIMIT_PER_MINUTE", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // Virtual: a subclass that owns more (a stub server) disposes it too.
        await DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
