using Scholar.Application.Hosting;

namespace Scholar.Web.Modules;

/// <summary>
/// Which app an endpoint belongs to, from its feature folder (namespace). With <c>SCHOLAR_APPS</c>
/// naming only some apps, the endpoints of the others answer 404 as if they did not exist. (Checked
/// per request rather than by FastEndpoints' discovery filter, whose endpoint list is process-wide.)
/// </summary>
public static class AppOwnership
{
    private static readonly (string Namespace, string? App)[] Owners =
    [
        ("Scholar.Web.Features.Auth.", ScholarApps.Auth),
        ("Scholar.Web.Features.Credits.", ScholarApps.ScholarshipApi),
        ("Scholar.Web.Features.Payments.StripeWebhook", ScholarApps.ProviderRegister),
        ("Scholar.Web.Features.Payments.SandboxCheckout", ScholarApps.ProviderRegister),
        ("Scholar.Web.Features.Payments.CheckoutReturn", ScholarApps.StudentPilot),
        ("Scholar.Web.Features.Payments.", ScholarApps.StudentPilot),
        ("Scholar.Web.Features.Notifications.", ScholarApps.AutoComCenter),
    ];

    /// <summary>The owning app, or null for endpoints every process serves (ops, info).</summary>
    public static string? AppOf(Type endpointType)
    {
        var name = endpointType.FullName ?? "";
        return Owners.FirstOrDefault(o => name.StartsWith(o.Namespace, StringComparison.Ordinal)).App;
    }

    public static bool IsServedBy(Type endpointType, HostedApps apps) => AppOf(endpointType) is not { } app || apps.Hosts(app);

    public static IApplicationBuilder UseHostedAppsOnly(this IApplicationBuilder app)
    {
        var hosted = app.ApplicationServices.GetRequiredService<HostedApps>();
        return app.Use(async (context, next) =>
        {
            var definition = context.GetEndpoint()?.Metadata.GetMetadata<FastEndpoints.EndpointDefinition>();
            if (definition is not null && !IsServedBy(definition.EndpointType, hosted))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
    }
}
