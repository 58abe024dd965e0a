using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Scholar.Application.Hosting;

namespace Scholar.Infrastructure.Configuration;

/// <summary>
/// Background work belongs to apps, as routes do: a process runs a worker only when <c>SCHOLAR_APPS</c>
/// names one of the worker's apps. The table of which worker belongs where is docs/topology.md.
/// </summary>
public static class AppWorkers
{
    /// <summary>Runs <typeparamref name="TWorker"/> (registered as a singleton) where one of <paramref name="apps"/> is hosted.</summary>
    public static IServiceCollection AddWorkerOf<TWorker>(this IServiceCollection services, IConfiguration configuration, params string[] apps)
        where TWorker : class, IHostedService
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (apps.Any(app => HostedApps.IsNamedIn(configuration["SCHOLAR_APPS"], app)))
        {
            services.AddHostedService(sp => sp.GetRequiredService<TWorker>());
        }

        return services;
    }

    /// <summary>Every app's process runs it (instance bookkeeping, retention, start-up checks).</summary>
    public static string[] EveryApp => [.. ScholarApps.All];
}
