using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Scholar.Infrastructure.Credits;

/// <summary>Adapters and services of the Credits module.</summary>
public static class CreditsRegistration
{
    public static IServiceCollection AddCreditsInfrastructure(this IServiceCollection services, IConfiguration configuration) => services;
}
