using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Scholar.Infrastructure.Auth;

/// <summary>Adapters and services of the Auth module.</summary>
public static class AuthRegistration
{
    public static IServiceCollection AddAuthInfrastructure(this IServiceCollection services, IConfiguration configuration) => services;
}
