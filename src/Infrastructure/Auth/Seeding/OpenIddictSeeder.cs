using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using Scholar.Application.Auth;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure.Auth.Seeding;

/// <summary>
/// Creates or updates the contract's scopes and clients from configuration on every <c>migrate</c>.
/// Several hosts may seed one database at once: a lost insert race (23505) or update race is
/// harmless because the winner wrote the same descriptor.
/// </summary>
public sealed class OpenIddictSeeder(
    IOpenIddictApplicationManager applications,
    IOpenIddictScopeManager scopes,
    IOptions<AuthSettings> options,
    ILogger<OpenIddictSeeder> logger) : IDataSeeder
{
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var name in AuthClients.ApiScopeNames)
        {
            var descriptor = new OpenIddictScopeDescriptor { Name = name, DisplayName = name, Resources = { settings.EffectiveAudience } };
            await TolerateRaceAsync(async () =>
            {
                var scope = await scopes.FindByNameAsync(name, cancellationToken);
                if (scope is null)
                {
                    await scopes.CreateAsync(descriptor, cancellationToken);
                }
                else
                {
                    await scopes.UpdateAsync(scope, descriptor, cancellationToken);
                }
            });
        }

        foreach (var descriptor in AuthClients.Describe(settings))
        {
            if (descriptor.ClientType == OpenIddictConstants.ClientTypes.Confidential && descriptor.ClientSecret is null)
            {
                logger.LogWarning("Client {ClientId} not seeded: its client secret setting is empty.", descriptor.ClientId);
                continue;
            }

            await TolerateRaceAsync(async () =>
            {
                var application = await applications.FindByClientIdAsync(descriptor.ClientId!, cancellationToken);
                if (application is null)
                {
                    await applications.CreateAsync(descriptor, cancellationToken);
                }
                else
                {
                    await applications.UpdateAsync(application, descriptor, cancellationToken);
                }
            });
        }
    }

    private static async Task TolerateRaceAsync(Func<Task> seed)
    {
        try
        {
            await seed();
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
        }
        catch (OpenIddictExceptions.ConcurrencyException)
        {
        }
    }
}
