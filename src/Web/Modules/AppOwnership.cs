using Scholar.Application.Hosting;

namespace Scholar.Web.Modules;

/// <summary>
/// Which app an endpoint belongs to, from its feature folder (namespace). With <c>SCHOLAR_APPS</c>
/// naming only some apps, the endpoints of the others are not mapped at all.
/// </summary>
public static class AppOwnership
{
    private static readonly (string Namespace, string? App)[] Owners =
    [
        ("Scholar.Web.Features.Auth.", ScholarApps.Auth),
        ("Scholar.Web.Features.Credits.", ScholarApps.ScholarshipApi),
        ("Scholar.Web.Features.Payments.StripeWebhook", ScholarApps.ProviderRegister),
        ("Scholar.Web.Features.Payments.SandboxCheckout", ScholarApps.ProviderRegister),
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
}
