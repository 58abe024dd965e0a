using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Credits;
using Scholar.Application.Credits.ConsumeCredits;
using Scholar.Application.Credits.GetBalance;
using Scholar.Application.Credits.GetLedger;
using Scholar.Application.Credits.GetUserLedger;
using Scholar.Application.Credits.RecordEntry;

namespace Scholar.Infrastructure.Credits;

/// <summary>Adapters and services of the Credits module.</summary>
public static class CreditsRegistration
{
    public static IServiceCollection AddCreditsInfrastructure(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<ICreditLedger, PostgresCreditLedger>();
        services.AddScoped<GetBalanceHandler>();
        services.AddScoped<GetLedgerHandler>();
        services.AddScoped<GetUserLedgerHandler>();
        services.AddScoped<ConsumeCreditsHandler>();
        services.AddScoped<RecordEntryHandler>();
        return services;
    }
}
