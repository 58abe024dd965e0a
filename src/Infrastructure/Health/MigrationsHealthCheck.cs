using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Health;

/// <summary>Unhealthy while the database lacks a migration this build knows about.</summary>
public sealed class MigrationsHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("All migrations applied.")
            : HealthCheckResult.Unhealthy(
                $"{pending.Count} migration(s) not applied: {string.Join(", ", pending)}. Run `dotnet run --project src/Web -- migrate`.");
    }
}
