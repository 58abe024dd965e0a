using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Scholar.Infrastructure.Ops;

/// <summary>Adapters and services of the Ops module.</summary>
public static class OpsRegistration
{
    public static IServiceCollection AddOpsInfrastructure(this IServiceCollection services, IConfiguration configuration) => services;
}
