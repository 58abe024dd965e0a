using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Scholar.Infrastructure.Persistence;

/// <summary>Seeds data idempotently after migrations; each module registers its own.</summary>
public interface IDataSeeder
{
    Task SeedAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Applies migrations, then runs the seeders. Called only by the explicit <c>migrate</c> verb and
/// by the run script: no host migrates silently at start-up.
/// </summary>
public sealed class DatabaseMigrator(AppDbContext db, IEnumerable<IDataSeeder> seeders, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        logger.LogInformation("Applying {Count} pending migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);

        foreach (var seeder in seeders)
        {
            await seeder.SeedAsync(cancellationToken);
            logger.LogInformation("Seeded {Seeder}", seeder.GetType().Name);
        }
    }
}
