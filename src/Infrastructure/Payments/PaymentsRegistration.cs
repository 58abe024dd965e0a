using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Scholar.Infrastructure.Payments;

/// <summary>Adapters and services of the Payments module.</summary>
public static class PaymentsRegistration
{
    public static IServiceCollection AddPaymentsInfrastructure(this IServiceCollection services, IConfiguration configuration) => services;
}
