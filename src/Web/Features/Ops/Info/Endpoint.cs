using System.Reflection;
using FastEndpoints;
using Scholar.Application.Hosting;
using Scholar.Web.Security;

namespace Scholar.Web.Features.Ops.Info;

public sealed record Response(string Service, string Version, string Environment, IReadOnlyList<string> Apps, DateTimeOffset StartedAt);

/// <summary>What this process is: version, environment and the apps it hosts.</summary>
public sealed class Endpoint(HostedApps apps, IWebHostEnvironment environment) : EndpointWithoutRequest<Response>
{
    private static readonly DateTimeOffset StartedAt = DateTimeOffset.UtcNow;

    public static string BuildVersion { get; } =
        typeof(Endpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public override void Configure()
    {
        Get("/api/info");
        if (ApiDocs.ArePublic(Env, Config))
        {
            AllowAnonymous();
        }
        else
        {
            Policies(AuthPolicies.Operator);
        }

        Description(b => b.ClearDefaultAccepts());
    }

    public override Task HandleAsync(CancellationToken ct) =>
        Send.OkAsync(new Response("scholar-web", BuildVersion, environment.EnvironmentName, apps.Names, StartedAt), ct);
}
