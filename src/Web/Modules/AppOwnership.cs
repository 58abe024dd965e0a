using Microsoft.AspNetCore.Mvc.RazorPages;
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
        // "Who am I" describes the caller's token: every app that accepts tokens answers it.
        ("Scholar.Web.Features.Auth.WhoAmI", null),
        ("Scholar.Web.Features.Auth.", ScholarApps.Auth),
        ("Scholar.Web.Features.Credits.", ScholarApps.ScholarshipApi),
        ("Scholar.Web.Features.Payments.StripeWebhook", ScholarApps.ProviderRegister),
        ("Scholar.Web.Features.Payments.SandboxCheckout", ScholarApps.ProviderRegister),
        ("Scholar.Web.Features.Payments.CheckoutReturn", ScholarApps.StudentPilot),
        ("Scholar.Web.Features.Payments.", ScholarApps.StudentPilot),
        ("Scholar.Web.Features.Notifications.", ScholarApps.AutoComCenter),

        // The ops API is the staff plane of scholar_auth (ADR 0042); /api/info, which every process answers, is no FastEndpoints endpoint.
        ("Scholar.Web.Features.Ops.", ScholarApps.Auth),
    ];

    /// <summary>Razor pages by folder: the issuer's own pages (<c>/Account</c>) only where the issuer is.</summary>
    private static readonly (string Folder, string App)[] PageOwners =
    [
        ("/Account/", ScholarApps.Auth),
        ("/Pilot/", ScholarApps.StudentPilot),
        ("/Sandbox/", ScholarApps.ProviderRegister),
    ];

    /// <summary>The owning app, or null for endpoints every process serves (who am I, info).</summary>
    public static string? AppOf(Type endpointType)
    {
        var name = endpointType.FullName ?? "";
        return Owners.FirstOrDefault(o => name.StartsWith(o.Namespace, StringComparison.Ordinal)).App;
    }

    public static bool IsServedBy(Type endpointType, HostedApps apps) => AppOf(endpointType) is not { } app || apps.Hosts(app);

    /// <summary>The app owning a Razor page, from its path under Pages (e.g. <c>/Pilot/Index</c>).</summary>
    public static string? AppOfPage(string viewEnginePath) =>
        PageOwners.FirstOrDefault(o => viewEnginePath.StartsWith(o.Folder, StringComparison.Ordinal)).App;

    public static IApplicationBuilder UseHostedAppsOnly(this IApplicationBuilder app)
    {
        var hosted = app.ApplicationServices.GetRequiredService<HostedApps>();
        return app.Use(async (context, next) =>
        {
            var metadata = context.GetEndpoint()?.Metadata;
            var definition = metadata?.GetMetadata<FastEndpoints.EndpointDefinition>();
            var pageApp = metadata?.GetMetadata<PageActionDescriptor>() is { } page ? AppOfPage(page.ViewEnginePath) : null;
            if ((definition is not null && !IsServedBy(definition.EndpointType, hosted)) || (pageApp is not null && !hosted.Hosts(pageApp)))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context);
        });
    }
}
