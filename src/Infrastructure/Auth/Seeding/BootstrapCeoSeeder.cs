using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Scholar.Application.Auth;
using Scholar.Domain.Auth;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Auth.Seeding;

/// <summary>
/// The first CEO, from OPS_BOOTSTRAP_EMAIL / OPS_BOOTSTRAP_PASSWORD. Idempotent: an existing account
/// keeps its password (it may have been changed since) and only gains the role if it lacks it.
/// </summary>
public sealed class BootstrapCeoSeeder(AppDbContext db, TimeProvider clock, IOptions<AuthSettings> options, ILogger<BootstrapCeoSeeder> logger)
    : IDataSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.BootstrapEmail) || string.IsNullOrEmpty(settings.BootstrapPassword))
        {
            logger.LogInformation("OPS_BOOTSTRAP_EMAIL/OPS_BOOTSTRAP_PASSWORD not set: no bootstrap CEO.");
            return;
        }

        var normalized = User.NormalizeEmail(settings.BootstrapEmail);
        var user = await db.Users.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, cancellationToken);
        if (user is null)
        {
            user = User.Create(settings.BootstrapEmail, "CEO", settings.BootstrapPassword, clock.GetUtcNow(), Roles.Ceo);
            db.Users.Add(user);
        }
        else
        {
            user.GrantRole(Roles.Ceo);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Bootstrap CEO account {Email} is in place.", user.Email);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another host seeding the same database created it first.
            db.ChangeTracker.Clear();
        }
    }
}
