using System.Data.Common;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using Scholar.Application.Abstractions;
using Scholar.Application.Hosting;
using Scholar.Infrastructure.Auth;
using Scholar.Infrastructure.Credits;
using Scholar.Infrastructure.Notifications;
using Scholar.Infrastructure.Ops;
using Scholar.Infrastructure.Payments;
using Scholar.Infrastructure.Configuration;
using Scholar.Infrastructure.Health;
using Scholar.Infrastructure.Idempotency;
using Scholar.Infrastructure.Notifications.Delivery;
using Scholar.Infrastructure.Persistence;

namespace Scholar.Infrastructure;

public static class DependencyInjection
{
    /// <summary>Readiness checks carry this tag; liveness runs none.</summary>
    public const string ReadyTag = "ready";

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    private const int AutoPreparedStatements = 64;

    /// <summary>Everything a Web host runs: the issuer, every module's services and the background workers.</summary>
    public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddInfrastructureCore(configuration)
            .AddAuthInfrastructure(configuration)
            .AddModuleServices(configuration)
            .AddIdempotencyWorkers()
            .AddPaymentsWorkers(configuration)
            .AddNotificationsWorkers(configuration)
            .AddOpsWorkers(configuration);

    /// <summary>
    /// What the ops console reads and acts through: the modules' use cases on the shared database, and
    /// the shared Data Protection keys. No issuer (it is an OIDC client) and no background workers:
    /// it reports no app in the heartbeats the gates read, probes nothing, delivers nothing.
    /// </summary>
    public static IServiceCollection AddConsoleInfrastructure(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddInfrastructureCore(configuration)
            .Replace(ServiceDescriptor.Singleton(HostedApps.None))
            .AddSharedDataProtection()
            .AddModuleServices(configuration);

    private static IServiceCollection AddInfrastructureCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<ScholarSettings>().Bind(configuration);
        services.AddOptions<ScholarSettings>(RequiredSettingsValidator.Startup).Bind(configuration).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ScholarSettings>, RequiredSettingsValidator>();
        services.AddSingleton(sp => HostedApps.Parse(sp.GetRequiredService<IOptions<ScholarSettings>>().Value.ScholarApps));

        // Resolved lazily so hosts and test factories that add configuration late are honoured.
        services.AddSingleton(sp =>
        {
            var url = sp.GetRequiredService<IOptions<ScholarSettings>>().Value.DatabaseUrl
                ?? throw new InvalidOperationException("Missing required setting DATABASE_URL.");
            var connectionString = DatabaseUrl.ToConnectionString(url);
            var builder = new NpgsqlDataSourceBuilder(connectionString);
            // The hot statements are prepared once per physical connection (as pgbench -M prepared does),
            // unless DATABASE_URL sets Max Auto Prepare itself (e.g. to 0 behind a transaction pooler).
            var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
            {
                builder.ConnectionStringBuilder.MaxAutoPrepare = AutoPreparedStatements;
            }

            return builder.Build();
        });
        // Pooled: a request reuses a reset context instead of building its services again (a third of a
        // balance read's CPU in the profile, docs/performance.md). The context holds no per-request state.
        // Every context of the host wakes the delivery loops after a commit that queued work for them.
        services.AddSingleton<DispatchWakeUps>();
        services.AddDbContextPool<AppDbContext>((sp, options) =>
            PersistenceRegistration.Configure(options, sp.GetRequiredService<NpgsqlDataSource>()).AddInterceptors(sp.GetRequiredService<DispatchWakeUps>()));
        services.AddScoped<IAppDbContext>(sp => sp.GetRequiredService<AppDbContext>());
        services.AddScoped<TransactionRunner>();
        services.AddScoped<ITransactionRunner>(sp => sp.GetRequiredService<TransactionRunner>());
        services.AddIdempotency();
        services.AddScoped<DatabaseMigrator>();

        services.AddHealthChecks()
            .AddNpgSql(name: "postgres", tags: [ReadyTag], timeout: CheckTimeout)
            .AddCheck<MigrationsHealthCheck>("migrations", HealthStatus.Unhealthy, [ReadyTag], CheckTimeout);
        return services;
    }

    private static IServiceCollection AddModuleServices(this IServiceCollection services, IConfiguration configuration) =>
        services
            .AddCreditsInfrastructure(configuration)
            .AddPaymentsInfrastructure(configuration)
            .AddNotificationsInfrastructure(configuration)
            .AddOpsInfrastructure(configuration);
}
