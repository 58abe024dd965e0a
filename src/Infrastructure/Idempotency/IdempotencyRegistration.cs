using Microsoft.Extensions.DependencyInjection;
using Scholar.Application.Common.Idempotency;

namespace Scholar.Infrastructure.Idempotency;

/// <summary>The Idempotency-Key component any module's endpoints use (IETF draft semantics, stored in PostgreSQL).</summary>
public static class IdempotencyRegistration
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>();
        services.AddScoped<IIdempotencyStore, PostgresIdempotencyStore>();
        services.AddScoped<IdempotentExecution>();
        return services;
    }

    public static IServiceCollection AddIdempotencyWorkers(this IServiceCollection services) =>
        services.AddHostedService<IdempotencyKeyPurge>();
}
