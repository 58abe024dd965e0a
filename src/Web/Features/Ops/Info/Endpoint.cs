using System.Reflection;
using Scholar.Application.Hosting;
using Scholar.Web.ApiReference;

namespace Scholar.Web.Features.Ops.Info;

public sealed record Response(string Service, string Version, string Environment, IReadOnlyList<string> Apps, DateTimeOffset StartedAt);

/// <summary>
/// What this process is: version, environment and the apps it hosts. A minimal API mapped by each host,
/// because who may read it follows that host's own settings (<see cref="Security.ApiDocs"/>): FastEndpoints
/// keeps its endpoint configuration process-wide, and with two hosts in one process (the tests) an
/// endpoint's <c>Configure()</c> was seen to read the other host's environment.
/// </summary>
public static class Endpoint
{
    public const string Route = "/api/info";

    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    public static string BuildVersion { get; } =
        typeof(Response).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public static RouteHandlerBuilder MapInfo(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route, (HostedApps apps, IWebHostEnvironment environment) =>
                TypedResults.Ok(new Response("scholar-web", BuildVersion, environment.EnvironmentName, apps.Names, StartedAt)))
            .WithTags(OperationContract.EveryAppTag);
}
